package dev.skein.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnRequested;
import dev.skein.contracts.Usage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints what the gateway adds to a turn: the client's round trip minus the time the "services"
 * (played by this test, answering at once) held the turn. What remains is the gateway (HTTP,
 * key lookup, validation, produce with acks=all, reply listener, async dispatch) plus the two
 * Kafka hops it cannot avoid. A command, not a test:
 * {@code ./mvnw -pl gateway verify -Dit.test=TurnLatencyBenchmarkIT -Dskein.bench=true}
 */
@EnabledIfSystemProperty(named = "skein.bench", matches = "true")
class TurnLatencyBenchmarkIT extends AbstractGatewayIT {

    private static final int WARMUP = 300;

    private static final int MEASURED = 1000;

    @Test
    void gatewayOverheadPerTurn() {
        String apiKey = newApiKey(newId("bench"));
        String conversation = newId("bench");
        String body = "{\"role\":\"user\",\"content\":\"How far is the moon from the earth, roughly?\"}";
        long[] overhead = new long[MEASURED];
        long[] roundTrip = new long[MEASURED];
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            long start = System.nanoTime();
            var response = postAsync("/v1/conversations/" + conversation + "/messages", apiKey, body);
            TurnRequested event = nextTurnRequested(conversation).event();
            long answerStart = System.nanoTime();
            TurnCompleted completed = new TurnCompleted(UUID.randomUUID(), Instant.now(), event.tenantId(),
                    conversation, event.turnId(), UUID.randomUUID(), i, "About 384,400 km.", "extractive",
                    List.of(), new Usage(10, 5, 0, 10));
            this.kafka.send(dev.skein.contracts.KafkaEvents.record(completed, "bench"));
            long answered = System.nanoTime() - answerStart;
            HttpResponse<String> answer = response.join();
            long end = System.nanoTime();
            assertThat(answer.statusCode()).isEqualTo(200);
            if (i >= WARMUP) {
                roundTrip[i - WARMUP] = end - start;
                overhead[i - WARMUP] = end - start - answered;
            }
        }
        System.out.printf("gateway turn overhead incl. 2 Kafka hops + JDK HTTP client (n=%d): p50 %.2f ms, "
                + "p90 %.2f ms, p99 %.2f ms; client round trip p50 %.2f ms%n", MEASURED, ms(overhead, 0.50),
                ms(overhead, 0.90), ms(overhead, 0.99), ms(roundTrip, 0.50));
        assertThat(Duration.ofNanos(overhead[0])).isPositive();
    }

    private static double ms(long[] nanos, double quantile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1e6;
    }
}
