package dev.skein.platform.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * The observability settings of every service as the lowest-precedence property source
 * ({@code META-INF/skein/observability-defaults.properties}): Prometheus exposed, Kafka
 * and HTTP observed, every turn sampled, the trace id in every log line. Traces leave the
 * process only when {@code SKEIN_OTLP_ENDPOINT} names a collector: Spring Boot exports
 * spans over OTLP as soon as its endpoint property is set, even to an empty value, so the
 * property is set here only for a non-empty variable.
 */
class ObservabilityDefaults implements EnvironmentPostProcessor {

    static final String NAME = "skein-observability-defaults";

    static final String ENDPOINT_VARIABLE = "SKEIN_OTLP_ENDPOINT";

    static final String ENDPOINT_PROPERTY = "management.opentelemetry.tracing.export.otlp.endpoint";

    private static final String LOCATION = "META-INF/skein/observability-defaults.properties";

    private static final String TRACES_PATH = "/v1/traces";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource(NAME, new ClassPathResource(LOCATION)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The platform's observability defaults are missing from the classpath", ex);
        }
        String endpoint = environment.getProperty(ENDPOINT_VARIABLE);
        if (endpoint != null && !endpoint.isBlank() && !environment.containsProperty(ENDPOINT_PROPERTY)) {
            environment.getPropertySources()
                .addLast(new MapPropertySource(NAME + "-otlp", Map.of(ENDPOINT_PROPERTY, tracesUrl(endpoint.trim()))));
        }
    }

    /**
     * The collector's base URL as OpenTelemetry's own {@code OTEL_EXPORTER_OTLP_ENDPOINT}
     * takes it, or the full traces URL.
     */
    static String tracesUrl(String endpoint) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return base.endsWith(TRACES_PATH) ? base : base + TRACES_PATH;
    }

}
