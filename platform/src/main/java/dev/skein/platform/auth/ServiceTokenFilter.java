package dev.skein.platform.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.skein.platform.web.ProblemResponses;
import dev.skein.platform.web.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The door of the internal APIs: a request to {@code /internal/**} or to an actuator
 * endpoint other than health needs a valid service token for this service (else 401), and
 * a path of {@code /internal/tenants/{t}/...} needs a token of tenant {@code t}, a path
 * without a tenant one without a tenant (else 403). {@code /actuator/prometheus} needs
 * the scrape token {@code skein.metrics.token} instead (else 401). The tenant is read
 * from the path as Spring MVC maps it, so the controller's {@code tenantId} is the
 * token's.
 */
class ServiceTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ServiceTokenFilter.class);

    private final ServiceTokens tokens;

    private final ProblemResponses problems;

    private final byte @Nullable [] metricsToken;

    ServiceTokenFilter(ServiceTokens tokens, ProblemResponses problems, @Nullable String metricsToken) {
        this.tokens = tokens;
        this.problems = problems;
        this.metricsToken = metricsToken == null || metricsToken.isBlank() ? null
                : metricsToken.strip().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PathContainer path = pathOf(request);
        String normalised = request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), "");
        if (InternalPaths.isPrometheus(normalised) || (path != null && InternalPaths.isPrometheus(path))) {
            scrape(request, response, chain);
            return;
        }
        if (!InternalPaths.isProtected(normalised) && (path == null || !InternalPaths.isProtected(path))) {
            chain.doFilter(request, response);
            return;
        }
        if (path == null || InternalPaths.hasDotSegment(path)) {
            refuse(request, response, HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST, "Malformed request",
                    "The path of an internal call must be plain segments.");
            return;
        }
        ServiceToken token;
        try {
            token = this.tokens.verify(bearerToken(request));
        }
        catch (InvalidServiceTokenException ex) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Unauthorized", ex.getMessage());
            return;
        }
        if (!Objects.equals(token.tenant(), InternalPaths.tenantOf(path))) {
            refuse(request, response, HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden", token.tenant() == null
                    ? "The service token is not for a tenant's data." : "The service token is for another tenant.");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The scraper's bearer token, compared in constant time. */
    private void scrape(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = bearerToken(request);
        if (this.metricsToken == null || presented == null
                || !MessageDigest.isEqual(this.metricsToken, presented.getBytes(StandardCharsets.UTF_8))) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Unauthorized",
                    this.metricsToken == null
                            ? "Metrics are closed: skein.metrics.token (SKEIN_METRICS_TOKEN) is not set."
                            : "The metrics endpoint needs the scrape token (SKEIN_METRICS_TOKEN) as a bearer token.");
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
            String title, String detail) throws IOException {
        // WARN, not ERROR: a refused call is the caller's fault or a misconfigured secret
        log.warn("Refused {} {} from {}: {} {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
                status.value(), detail);
        this.problems.write(request, response, Problems.of(status, type, title, detail));
    }

    /** The path as Spring MVC matches it; null when it cannot be decoded. */
    private static @Nullable PathContainer pathOf(HttpServletRequest request) {
        try {
            return RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static @Nullable String bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

}
