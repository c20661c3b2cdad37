package dev.skein.tools;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadTestTests {

    @Test
    void backPressureStartsAtTheFirstLevelWithA503() {
        List<LoadTest.Level> levels = List.of(level(4, 80, 0, 0), level(16, 300, 12, 12), level(64, 310, 900, 900));

        assertThat(LoadTest.backPressure(levels))
            .isEqualTo("back-pressure starts at 16 clients: 12 of 312 turns refused with 503 (12 with Retry-After)");
        assertThat(LoadTest.backPressure(List.of(level(1, 20, 0, 0)))).startsWith("no 503 at any level");
    }

    @Test
    void aLevelLineHasThroughputAndPercentiles() {
        assertThat(LoadTest.line(level(4, 80, 0, 0))).isEqualTo("turns | 4 | 4.0 | 10 | 20 | 0 (0) | 0 | 0 | ");
    }

    @Test
    void retryAfterIsSecondsAndAnUnreadableOneWaitsASecond() {
        assertThat(LoadTest.retryAfterMillis("2")).isEqualTo(2000);
        assertThat(LoadTest.retryAfterMillis("Fri, 05 Dec 2026 00:00:00 GMT")).isEqualTo(1000);
    }

    @Test
    void aRunTheRateLimitRefusedSaysSo() {
        assertThat(LoadTest.rateLimited(List.of(level(4, 80, 0, 0)))).isEmpty();
        assertThat(LoadTest.rateLimited(List.of(level(16, 300, 0, 0), level(64, 310, 5, 5, 989)))).hasValueSatisfying(
                warning -> assertThat(warning).startsWith("the tenant's rate limit refused 989 turns with 429")
                    .contains("SKEIN_RATE_LIMIT_PER_MINUTE"));
        assertThat(LoadTest.line(level(64, 310, 5, 5, 989))).contains("| 5 (5) | 989 | 0 |");
    }

    private static LoadTest.Level level(int clients, int answered, int refused, int withRetryAfter) {
        return level(clients, answered, refused, withRetryAfter, 0);
    }

    private static LoadTest.Level level(int clients, int answered, int refused, int withRetryAfter, int limited) {
        List<Double> millis = new java.util.ArrayList<>();
        for (int i = 0; i < answered; i++) {
            millis.add(i < answered * 0.9 ? 10.0 : 20.0);
        }
        return new LoadTest.Level("turns", clients, answered, 20, millis, refused, withRetryAfter, limited, 0, "");
    }

}
