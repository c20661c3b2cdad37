package dev.skein.gateway;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.ReplyDelta;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnRequested;
import dev.skein.contracts.Usage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints what {@code /v1/chat/completions} adds, seen from the OpenAI Java SDK, with the services
 * (played by this test) answering at once: the non-streaming overhead, and the time from a
 * ReplyDelta being produced to the SDK holding that token. A command, not a test:
 * {@code ./mvnw -pl gateway verify -Dit.test=ChatCompletionsBenchmarkIT -Dskein.bench=true}
 */
@EnabledIfSystemProperty(named = "skein.bench", matches = "true")
class ChatCompletionsBenchmarkIT extends AbstractGatewayIT {

    private static final int WARMUP = 200;

    private static final int MEASURED = 500;

    @Test
    void overheadAndTimeToFirstToken() {
        String conversation = newId("bench");
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + this.port + "/v1")
                .apiKey(newApiKey(newId("bench"))).putHeader("X-Conversation-Id", conversation).maxRetries(0)
                .build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("bench")
                .addUserMessage("How far is the moon from the earth, roughly?").build();
        long[] overhead = new long[MEASURED];
        long[] firstToken = new long[MEASURED];
        try {
            for (int i = 0; i < WARMUP + MEASURED; i++) {
                long start = System.nanoTime();
                CompletableFuture<ChatCompletion> response = CompletableFuture
                        .supplyAsync(() -> client.chat().completions().create(params));
                TurnRequested event = nextTurnRequested(conversation).event();
                long answerStart = System.nanoTime();
                this.kafka.send(KafkaEvents.record(completed(event, i), "bench"));
                long answered = System.nanoTime() - answerStart;
                assertThat(response.join().choices()).hasSize(1);
                if (i >= WARMUP) {
                    overhead[i - WARMUP] = System.nanoTime() - start - answered;
                }
            }
            for (int i = 0; i < WARMUP + MEASURED; i++) {
                CompletableFuture<Long> firstContent = new CompletableFuture<>();
                CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                            .createStreaming(params)) {
                        stream.stream().forEach(chunk -> {
                            if (chunk.choices().get(0).delta().content().isPresent()) {
                                firstContent.complete(System.nanoTime());
                            }
                        });
                    }
                });
                TurnRequested event = nextTurnRequested(conversation).event();
                long produced = System.nanoTime();
                this.kafka.send(KafkaEvents.record(new ReplyDelta(UUID.randomUUID(), Instant.now(),
                        event.tenantId(), conversation, event.turnId(), 0, "About"), "bench"));
                long arrived = firstContent.join();
                this.kafka.send(KafkaEvents.record(completed(event, i), "bench"));
                reading.join();
                if (i >= WARMUP) {
                    firstToken[i - WARMUP] = arrived - produced;
                }
            }
        }
        finally {
            client.close();
        }
        System.out.printf("chat/completions via OpenAI SDK, overhead incl. 2 Kafka hops (n=%d): p50 %.2f ms, "
                + "p99 %.2f ms%n", MEASURED, ms(overhead, 0.50), ms(overhead, 0.99));
        System.out.printf("  ReplyDelta produced -> token in the SDK's stream: p50 %.2f ms, p99 %.2f ms%n",
                ms(firstToken, 0.50), ms(firstToken, 0.99));
        assertThat(overhead[0]).isPositive();
    }

    private static TurnCompleted completed(TurnRequested event, int i) {
        return new TurnCompleted(UUID.randomUUID(), Instant.now(), event.tenantId(), event.conversationId(),
                event.turnId(), UUID.randomUUID(), i, "About 384,400 km.", "extractive", List.of(),
                new Usage(10, 5, 0, 10));
    }

    private static double ms(long[] nanos, double quantile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1e6;
    }
}
