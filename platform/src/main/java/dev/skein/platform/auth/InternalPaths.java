package dev.skein.platform.auth;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which paths need a service token, and whose tenant a path is about, read with the
 * parser Spring MVC maps requests with, so the filter and the controller see the same
 * tenant.
 */
final class InternalPaths {

    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

    private static final PathPattern INTERNAL = PARSER.parse("/internal/**");

    private static final PathPattern TENANT_SCOPED = PARSER.parse("/internal/tenants/{tenantId}/**");

    private static final PathPattern ACTUATOR = PARSER.parse("/actuator/**");

    private static final PathPattern HEALTH = PARSER.parse("/actuator/health/**");

    private static final PathPattern PROMETHEUS = PARSER.parse("/actuator/prometheus");

    private InternalPaths() {
    }

    /**
     * An internal API or an actuator endpoint other than health (the one a load balancer
     * or {@code infra/skein status} asks without credentials); prometheus is protected by
     * its own token ({@link #isPrometheus}).
     */
    static boolean isProtected(PathContainer path) {
        return INTERNAL.matches(path) || (ACTUATOR.matches(path) && !HEALTH.matches(path) && !PROMETHEUS.matches(path));
    }

    /**
     * The same for a path as the servlet container normalised it ({@code ..} resolved,
     * decoded), so that no spelling of a protected path slips past.
     */
    static boolean isProtected(String normalisedPath) {
        return under(normalisedPath, "/internal") || (under(normalisedPath, "/actuator")
                && !under(normalisedPath, "/actuator/health") && !normalisedPath.equals("/actuator/prometheus"));
    }

    /** The scrape endpoint: a bearer token of its own, {@code skein.metrics.token}. */
    static boolean isPrometheus(PathContainer path) {
        return PROMETHEUS.matches(path);
    }

    static boolean isPrometheus(String normalisedPath) {
        return normalisedPath.equals("/actuator/prometheus");
    }

    /** The tenant in {@code /internal/tenants/{tenantId}/...}, or null. */
    static @Nullable String tenantOf(PathContainer path) {
        PathPattern.PathMatchInfo match = TENANT_SCOPED.matchAndExtract(path);
        return match == null ? null : match.getUriVariables().get("tenantId");
    }

    /**
     * A {@code .} or {@code ..} segment: the container and MVC could read it differently.
     */
    static boolean hasDotSegment(PathContainer path) {
        return path.elements()
            .stream()
            .anyMatch(element -> element instanceof PathContainer.PathSegment segment
                    && (segment.valueToMatch().equals(".") || segment.valueToMatch().equals("..")));
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

}
