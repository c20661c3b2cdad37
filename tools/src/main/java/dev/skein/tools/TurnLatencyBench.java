package dev.skein.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * Latency of whole chat turns through the gateway (message in, stored reply out), one at
 * a time, in one conversation that grows as it goes. With the extractive responder this
 * is the memory path alone: gateway, memory-service, retrieval-service,
 * generation-service and four Kafka hops; with {@code fake-llm} as the stack's LLM it is
 * what Skein adds to an LLM call. {@code --openai} sends the same turns through
 * {@code /v1/chat/completions} as an OpenAI SDK does. The HTTP floor (a request the key
 * filter answers 401, same client) is what no turn can go below.
 */
final class TurnLatencyBench {

    private static final String[] TOPICS = { "my sister's wedding in Porto", "the pottery class",
            "my new job as a data engineer", "the hiking trip in the Alps", "our book club", "the garden tomatoes",
            "learning the violin", "the leaking bathroom tap", "renewing my passport", "the football match" };

    private final SkeinApi api;

    private final int turns;

    private final int warmup;

    private final boolean stream;

    private final boolean openAi;

    TurnLatencyBench(SkeinApi api, Options options) {
        this.api = api;
        this.turns = options.integer("turns", 100);
        this.warmup = options.integer("warmup", 10);
        this.stream = options.flag("stream");
        this.openAi = options.flag("openai");
    }

    void run() {
        String conversation = "bench-" + UUID.randomUUID();
        List<Double> latencies = new ArrayList<>();
        List<Double> firstPiece = new ArrayList<>();
        List<Double> context = new ArrayList<>();
        for (int i = 0; i < this.warmup + this.turns; i++) {
            String message = "Turn %d: let me tell you about %s, it went better than I expected.".formatted(i,
                    TOPICS[i % TOPICS.length]);
            long started = System.nanoTime();
            if (this.stream) {
                long[] times = this.api.postStream(path(conversation), body(message, true), headers(conversation),
                        firstPiece());
                if (i >= this.warmup) {
                    latencies.add((times[1] - started) / 1e6);
                    if (times[0] > 0) {
                        firstPiece.add((times[0] - started) / 1e6);
                    }
                }
            }
            else {
                JsonNode reply = this.api.post(path(conversation), body(message, false), headers(conversation));
                if (i >= this.warmup) {
                    latencies.add((System.nanoTime() - started) / 1e6);
                    context.add(reply.path("usage").path("contextTokens").asDouble());
                }
            }
        }
        this.api.delete("/v1/conversations/" + conversation);
        List<Double> floor = httpFloor();
        System.out.printf("%schat turns through the gateway, %s (%d cores, %d warm-up turns)%n",
                this.stream ? "streamed " : "",
                this.openAi ? "POST /v1/chat/completions" : "POST /v1/conversations/{id}/messages",
                Runtime.getRuntime().availableProcessors(), this.warmup);
        if (this.stream) {
            System.out.printf("  time to first streamed piece: %s%n", new Percentiles(firstPiece).summary());
            System.out.printf("  time to the end of the stream: %s%n", new Percentiles(latencies).summary());
        }
        else {
            System.out.printf("  turn: %s%n", new Percentiles(latencies).summary());
            if (!this.openAi) {
                System.out.printf("  context tokens per turn: %s%n",
                        new Percentiles(context).summary().replace(" ms", ""));
            }
        }
        System.out.printf("  HTTP floor (401 from the gateway's key filter, same client): %s%n",
                new Percentiles(floor).summary());
    }

    private String path(String conversation) {
        return this.openAi ? "/v1/chat/completions" : "/v1/conversations/" + conversation + "/messages";
    }

    private Map<String, Object> body(String message, boolean stream) {
        if (this.openAi) {
            return Map.of("model", "bench", "stream", stream, "messages",
                    List.of(Map.of("role", "user", "content", message)));
        }
        return Map.of("role", "user", "content", message, "stream", stream);
    }

    private Map<String, String> headers(String conversation) {
        return this.openAi ? Map.of("X-Conversation-Id", conversation) : Map.of();
    }

    private Predicate<String> firstPiece() {
        return this.openAi ? TurnLatencyBench::openAiPiece : TurnLatencyBench::skeinPiece;
    }

    /** Skein's stream: an {@code event: delta} line. */
    static boolean skeinPiece(String line) {
        return line.replace(" ", "").equals("event:delta");
    }

    /**
     * OpenAI's stream: a chunk whose delta has content (the first chunk carries the role
     * only).
     */
    static boolean openAiPiece(String line) {
        if (!line.startsWith("data:")) {
            return false;
        }
        String data = line.substring(5).strip();
        return data.startsWith("{")
                && !SkeinApi.JSON.readTree(data).at("/choices/0/delta/content").asString("").isEmpty();
    }

    private List<Double> httpFloor() {
        List<Double> floor = new ArrayList<>();
        for (int i = 0; i < this.warmup + this.turns; i++) {
            long started = System.nanoTime();
            int status = this.api.postWithoutKey("/v1/conversations/floor/messages", "{}");
            if (status != 401) {
                throw new IllegalStateException("A request without a key was answered " + status + ", not 401");
            }
            if (i >= this.warmup) {
                floor.add((System.nanoTime() - started) / 1e6);
            }
        }
        return floor;
    }

}
