package dev.skein.gateway.ratelimit;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.skein.gateway.apikey.Tenant;
import dev.skein.platform.web.ProblemResponses;
import dev.skein.platform.web.Problems;
import io.micrometer.core.instrument.Counter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs after the API key filter: a tenant over its limit gets 429 with
 * {@code Retry-After}.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;

    private final ProblemResponses problems;

    private final Counter rejections;

    RateLimitFilter(RateLimiter limiter, ProblemResponses problems, Counter rejections) {
        this.limiter = limiter;
        this.problems = problems;
        this.rejections = rejections;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(Tenant.ATTRIBUTE) instanceof Tenant tenant) {
            long retryAfter = this.limiter.acquire(tenant.id());
            if (retryAfter > 0) {
                this.rejections.increment();
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
                this.problems.write(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, Problems.RATE_LIMITED,
                        "Rate limited", "Too many requests for this tenant; retry after " + retryAfter + " s."));
                return;
            }
        }
        chain.doFilter(request, response);
    }

}
