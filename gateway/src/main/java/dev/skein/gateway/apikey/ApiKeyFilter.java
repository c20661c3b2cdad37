package dev.skein.gateway.apikey;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.skein.platform.web.ProblemResponses;
import dev.skein.platform.web.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/** {@code Authorization: Bearer <api key>} → the request's {@link Tenant}, or 401. */
class ApiKeyFilter extends OncePerRequestFilter {

    // Nothing legitimate is longer; bounds the hashing work of a hostile header.
    private static final int MAX_KEY_LENGTH = 256;

    private final TenantResolver tenants;

    private final ProblemResponses problems;

    ApiKeyFilter(TenantResolver tenants, ProblemResponses problems) {
        this.tenants = tenants;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = bearerToken(request);
        Optional<Tenant> tenant = (key == null) ? Optional.empty() : this.tenants.resolve(key);
        if (tenant.isEmpty()) {
            this.problems.write(request, response,
                    Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Unauthorized",
                            key == null ? "An API key is required: Authorization: Bearer <key>."
                                    : "The API key is unknown or revoked."));
            return;
        }
        request.setAttribute(Tenant.ATTRIBUTE, tenant.get());
        chain.doFilter(request, response);
    }

    static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() || token.length() > MAX_KEY_LENGTH ? null : token;
    }

}
