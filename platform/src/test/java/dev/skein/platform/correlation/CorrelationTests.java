package dev.skein.platform.correlation;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationTests {

    @Test
    void aScopeRestoresWhatWasThereBefore() {
        try (Correlation.Scope outer = Correlation.open("outer")) {
            try (Correlation.Scope inner = Correlation.open("inner")) {
                assertThat(Correlation.current()).isEqualTo("inner");
            }
            assertThat(Correlation.current()).isEqualTo("outer");
        }
        assertThat(MDC.get(Correlation.MDC_KEY)).isNull();
    }

    @Test
    void aNullIdChangesNothing() {
        try (Correlation.Scope ignored = Correlation.open(null)) {
            assertThat(Correlation.current()).isNull();
        }
    }

    @Test
    void onlyHarmlessClientIdsAreTaken() {
        assertThat(Correlation.acceptOrCreate("req-42:a.b")).isEqualTo("req-42:a.b");
        assertThat(Correlation.acceptOrCreate("evil\nheader")).hasSize(36).doesNotContain("evil");
        assertThat(Correlation.acceptOrCreate("x".repeat(129))).hasSize(36);
        assertThat(Correlation.acceptOrNull("evil id")).isNull();
        assertThat(Correlation.acceptOrNull(null)).isNull();
    }

    @Test
    void readsTheKafkaHeader() {
        RecordHeaders headers = new RecordHeaders();
        assertThat(Correlation.of(headers)).isNull();
        headers.add(Correlation.KAFKA_HEADER, "corr-1".getBytes(StandardCharsets.UTF_8));
        assertThat(Correlation.of(headers)).isEqualTo("corr-1");
    }

}
