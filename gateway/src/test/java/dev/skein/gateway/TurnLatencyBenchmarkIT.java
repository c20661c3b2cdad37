package dev.skein.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.skein.contracts.KafkaEvents;
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
        long[] inbound = new long[MEASURED];
        long[] outbound = new long[MEASURED];
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            long start = System.nanoTime();
            var response = postAsync("/v1/conversations/" + conversation + "/messages", apiKey, body);
            TurnRequested event = nextTurnRequested(conversation).event();
            long answerStart = System.nanoTime();
            long in = answerStart - start;
            TurnCompleted completed = new TurnCompleted(UUID.randomUUID(), Instant.now(), event.tenantId(),
                    conversation, event.turnId(), UUID.randomUUID(), i, "About 384,400 km.", "extractive",
                    List.of(), new Usage(10, 5, 0, 10));
            this.kafka.send(KafkaEvents.record(completed, "bench"));
            long answered = System.nanoTime() - answerStart;
            HttpResponse<String> answer = response.join();
            long end = System.nanoTime();
            assertThat(answer.statusCode()).isEqualTo(200);
            if (i >= WARMUP) {
                roundTrip[i - WARMUP] = end - start;
                overhead[i - WARMUP] = end - start - answered;
                inbound[i - WARMUP] = in;
                outbound[i - WARMUP] = end - answerStart - answered;
            }
        }
        System.out.printf("gateway turn overhead incl. 2 Kafka hops + JDK HTTP client (n=%d): p50 %.2f ms, "
                + "p90 %.2f ms, p99 %.2f ms; client round trip p50 %.2f ms%n", MEASURED, ms(overhead, 0.50),
                ms(overhead, 0.90), ms(overhead, 0.99), ms(roundTrip, 0.50));
        System.out.printf("  request -> TurnRequested consumed p50 %.2f ms; TurnCompleted sent -> response p50 %.2f ms%n",
                ms(inbound, 0.50), ms(outbound, 0.50));
        System.out.printf("  HTTP floor (401 answered by the key filter, same client) p50 %.2f ms%n", httpFloor());
        System.out.printf("  one raw Kafka hop (produce -> consume, same broker) p50 %.2f ms%n", kafkaHop());
        assertThat(Duration.ofNanos(overhead[0])).isPositive();
    }

    private double httpFloor() {
        long[] calls = new long[MEASURED];
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            long start = System.nanoTime();
            postAsync("/v1/conversations/floor/messages", null, "{}").join();
            if (i >= WARMUP) {
                calls[i - WARMUP] = System.nanoTime() - start;
            }
        }
        return ms(calls, 0.50);
    }

    /** The floor: one produce -> consume hop through the same broker, measured by the test. */
    private double kafkaHop() {
        String key = newId("hop");
        long[] hops = new long[MEASURED];
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            TurnRequested probe = new TurnRequested(UUID.randomUUID(), Instant.now(), "bench", key,
                    UUID.randomUUID(), null, false);
            long start = System.nanoTime();
            this.kafka.send(KafkaEvents.record(probe, "bench"));
            nextTurnRequested(key);
            if (i >= WARMUP) {
                hops[i - WARMUP] = System.nanoTime() - start;
            }
        }
        return ms(hops, 0.50);
    }

    private static double ms(long[] nanos, double quantile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1e6;
    }
}
