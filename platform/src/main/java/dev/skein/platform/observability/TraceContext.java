package dev.skein.platform.observability;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * The trace of the work on this thread as a W3C {@code traceparent}, for work that
 * continues elsewhere than in a Kafka header or an HTTP call: the memory-service stores
 * it with each outbox row, and its relay (another thread, maybe after a restart)
 * publishes the row inside it, so the turn stays one trace across the outbox.
 */
public class TraceContext {

    static final String TRACEPARENT = "traceparent";

    private final SingletonSupplier<Tracer> tracer;

    private final SingletonSupplier<Propagator> propagator;

    /**
     * Looked up at the first use, so that any bean may hold this one, and kept: a lookup
     * resolves the dependency in the bean factory anew, which cost the memory-service
     * 2.5% of its CPU at one lookup per event (docs/perf/turn-path-profile.md). Without a
     * tracer or a propagator nothing is traced.
     */
    public TraceContext(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = SingletonSupplier.of(tracer::getIfAvailable);
        this.propagator = SingletonSupplier.of(propagator::getIfAvailable);
    }

    /** The {@code traceparent} of the current span, or null outside a trace. */
    public @Nullable String current() {
        Tracer tracer = this.tracer.get();
        Propagator propagator = this.propagator.get();
        if (tracer == null || propagator == null) {
            return null;
        }
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Starts a span {@code name} as a child of {@code traceparent} and makes it current
     * until the returned scope is closed; a no-op when {@code traceparent} is null.
     */
    public Scope resume(@Nullable String traceparent, String name) {
        if (traceparent == null || traceparent.isEmpty()) {
            return () -> {
            };
        }
        Tracer tracer = this.tracer.get();
        Propagator propagator = this.propagator.get();
        if (tracer == null || propagator == null) {
            return () -> {
            };
        }
        Span span = propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get).name(name).start();
        Tracer.SpanInScope inScope = tracer.withSpan(span);
        return () -> {
            inScope.close();
            span.end();
        };
    }

    /** A resumed trace; closing it ends its span. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {

        @Override
        void close();

    }

}
