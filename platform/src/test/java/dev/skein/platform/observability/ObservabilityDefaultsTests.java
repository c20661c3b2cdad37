package dev.skein.platform.observability;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityDefaultsTests {

    private final ObservabilityDefaults defaults = new ObservabilityDefaults();

    @Test
    void tracesStayInTheProcessWithoutAnEndpoint() {
        MockEnvironment environment = new MockEnvironment();

        this.defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.containsProperty(ObservabilityDefaults.ENDPOINT_PROPERTY)).isFalse();
        assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
        assertThat(environment.getProperty("spring.kafka.listener.observation-enabled")).isEqualTo("true");
        assertThat(environment.getProperty("logging.structured.format.console")).isEmpty();
    }

    @Test
    void anEmptyEndpointIsNoEndpoint() {
        MockEnvironment environment = new MockEnvironment().withProperty("SKEIN_OTLP_ENDPOINT", " ");

        this.defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.containsProperty(ObservabilityDefaults.ENDPOINT_PROPERTY)).isFalse();
    }

    @Test
    void aCollectorsBaseUrlGetsTheTracesPath() {
        MockEnvironment environment = new MockEnvironment().withProperty("SKEIN_OTLP_ENDPOINT",
                "http://collector:4318/");

        this.defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(ObservabilityDefaults.ENDPOINT_PROPERTY))
            .isEqualTo("http://collector:4318/v1/traces");
    }

    @Test
    void aFullTracesUrlIsTakenAsItIs() {
        assertThat(ObservabilityDefaults.tracesUrl("http://127.0.0.1:4318/v1/traces"))
            .isEqualTo("http://127.0.0.1:4318/v1/traces");
    }

    @Test
    void aLogFormatTurnsOnStructuredLogs() {
        MockEnvironment environment = new MockEnvironment().withProperty("SKEIN_LOG_FORMAT", "ecs");

        this.defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
        assertThat(environment.getProperty("logging.pattern.correlation"))
            .isEqualTo("[%X{traceId:-},%X{spanId:-},%X{correlationId:-}] ");
    }

    @Test
    void theServicesOwnSettingsWin() {
        MockEnvironment environment = new MockEnvironment().withProperty("management.tracing.sampling.probability",
                "0.1");

        this.defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
    }

}
