package dev.skein.platform.observability;

import java.io.IOException;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers every request with its trace id ({@value #HEADER}), set before the handler runs
 * so that a streamed or asynchronous answer carries it too: a client quotes it, and an
 * operator finds the turn's trace and every log line of it (the log pattern prints the
 * trace id).
 */
class TraceIdFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Trace-Id";

    // looked up once: a lookup per request resolves the dependency anew
    private final SingletonSupplier<Tracer> tracer;

    TraceIdFilter(ObjectProvider<Tracer> tracer) {
        this.tracer = SingletonSupplier.of(tracer::getIfAvailable);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Tracer tracer = this.tracer.get();
        Span span = tracer != null ? tracer.currentSpan() : null;
        if (span != null) {
            response.setHeader(HEADER, span.context().traceId());
        }
        chain.doFilter(request, response);
    }

}
