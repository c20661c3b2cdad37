package dev.skein.platform.correlation;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The correlation id of an HTTP request in the logging context. At the edge (the gateway)
 * a missing or unsafe id is replaced by a new one and echoed to the client; an internal
 * service only takes the caller's.
 */
public class CorrelationFilter extends OncePerRequestFilter {

    private final boolean edge;

    public CorrelationFilter(boolean edge) {
        this.edge = edge;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String offered = request.getHeader(Correlation.HTTP_HEADER);
        String id = this.edge ? Correlation.acceptOrCreate(offered) : Correlation.acceptOrNull(offered);
        if (this.edge) {
            response.setHeader(Correlation.HTTP_HEADER, id);
        }
        try (Correlation.Scope ignored = Correlation.open(id)) {
            chain.doFilter(request, response);
        }
    }

}
