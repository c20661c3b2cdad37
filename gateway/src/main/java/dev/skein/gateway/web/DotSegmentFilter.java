package dev.skein.gateway.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.skein.platform.web.ClientIds;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ProblemHandler;
import dev.skein.platform.web.ProblemResponses;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Refuses a path with a dot segment ({@code .}, {@code ..}, also percent-encoded as
 * {@code %2E%2E}) before Tomcat's normalisation is taken for the client's intent: it
 * would turn {@code /v1/conversations/%2E%2E/messages} into {@code /v1/messages}, and a
 * conversation called {@code ..} is one no proxy lets a client read or erase again. The
 * raw request URI still shows what was sent; the segment is named like a field.
 */
class DotSegmentFilter extends OncePerRequestFilter {

    private final ProblemResponses problems;

    DotSegmentFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String[] segments = request.getRequestURI().split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (ClientIds.isDotSegment(decoded(segments[i]))) {
                this.problems.write(request, response,
                        ProblemHandler.validationProblem(List.of(new FieldError(field(segments, i), ClientIds.RULE))));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The segment as the server would read it: without path parameters, decoded. */
    private static String decoded(String segment) {
        int parameters = segment.indexOf(';');
        String bare = parameters >= 0 ? segment.substring(0, parameters) : segment;
        try {
            return UriUtils.decode(bare, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return bare;
        }
    }

    /** The name of the path variable at this position, as the endpoints call it. */
    private static String field(String[] segments, int index) {
        String before = index > 0 ? segments[index - 1] : "";
        return switch (before) {
            case "conversations" -> "conversationId";
            case "tenants" -> "tenantId";
            case "writings" -> "jobId";
            default -> "path";
        };
    }

}
