package dev.skein.gateway.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Notes when a request reached the gateway, first among its filters: a turn's wait is
 * counted from there ({@code TurnAdmission}), so that what a saturated instance makes a
 * request wait before its turn starts (the key, the rate limit's statement, the cores)
 * counts as the overload it is.
 */
public class ArrivalFilter extends OncePerRequestFilter {

    private static final String ATTRIBUTE = ArrivalFilter.class.getName() + ".nanos";

    /**
     * The {@link System#nanoTime()} at which the current thread's request arrived; now,
     * outside a request (or before this filter ran).
     */
    public static long arrivedNanos() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object arrived = attributes == null ? null
                : attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return arrived instanceof Long nanos ? nanos : System.nanoTime();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(ATTRIBUTE, System.nanoTime());
        chain.doFilter(request, response);
    }

}
