package dev.skein.platform.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;
import org.springframework.util.function.SingletonSupplier;

/**
 * Metrics and traces the same way in every service. Spring Boot does the instrumenting
 * (HTTP server and client, Kafka templates and listeners, JVM, pools, Kafka clients) with
 * the defaults of {@link ObservabilityDefaults}; this adds Skein's own: the stage timers
 * of a turn ({@link TurnMetrics}), background-read gauges ({@link MetricPoller}), the
 * trace across the outbox ({@link TraceContext}) and the trace id on every response.
 */
@AutoConfiguration
@ConditionalOnClass(MeterRegistry.class)
public class ObservabilityAutoConfiguration {

    /**
     * After Spring Boot's observation filter (which starts the request's span) and the
     * correlation filter, before any filter of a service that may answer at once.
     */
    public static final int TRACE_ID_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    @Bean
    @ConditionalOnMissingBean
    TurnMetrics turnMetrics(ObjectProvider<MeterRegistry> registry) {
        return new TurnMetrics(registry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnMissingBean
    MetricPoller metricPoller() {
        return new MetricPoller();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tracer.class)
    static class Tracing {

        @Bean
        @ConditionalOnMissingBean
        TraceContext traceContext(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            return new TraceContext(tracer, propagator);
        }

        /**
         * A Kafka publish is traced as part of a trace, never as a trace of its own: the
         * outbox relay publishes rows of imports and rows written before tracing was on
         * outside any trace, and a root span per record would bury the turns.
         */
        @Bean
        @ConditionalOnClass(KafkaRecordSenderContext.class)
        ObservationPredicate skeinKafkaSendsInATraceOnly(ObjectProvider<Tracer> tracer) {
            SingletonSupplier<Tracer> tracers = SingletonSupplier.of(tracer::getIfAvailable);
            return (name, context) -> {
                if (!(context instanceof KafkaRecordSenderContext) || context.getParentObservation() != null) {
                    return true;
                }
                Tracer current = tracers.get();
                return current != null && current.currentSpan() != null;
            };
        }

        @Bean
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        FilterRegistrationBean<TraceIdFilter> skeinTraceIdFilter(ObjectProvider<Tracer> tracer) {
            FilterRegistrationBean<TraceIdFilter> registration = new FilterRegistrationBean<>(
                    new TraceIdFilter(tracer));
            registration.setOrder(TRACE_ID_FILTER_ORDER);
            return registration;
        }

    }

}
