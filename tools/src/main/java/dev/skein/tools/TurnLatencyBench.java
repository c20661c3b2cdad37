package dev.skein.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * Latency of whole chat turns through the gateway (message in, stored reply out), one at a time,
 * in one conversation that grows as it goes. With the extractive responder this is the memory
 * path alone: gateway, memory-service, retrieval-service, generation-service and four Kafka hops.
 */
final class TurnLatencyBench {

    private static final String[] TOPICS = { "my sister's wedding in Porto", "the pottery class",
            "my new job as a data engineer", "the hiking trip in the Alps", "our book club", "the garden tomatoes",
            "learning the violin", "the leaking bathroom tap", "renewing my passport", "the football match" };

    private final SkeinApi api;

    private final int turns;

    private final int warmup;

    private final boolean stream;

    TurnLatencyBench(SkeinApi api, Map<String, String> options) {
        this.api = api;
        this.turns = Integer.parseInt(options.getOrDefault("turns", "100"));
        this.warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        this.stream = Boolean.parseBoolean(options.getOrDefault("stream", "false"));
    }

    void run() {
        if (this.stream) {
            runStreamed();
            return;
        }
        String conversation = "bench-" + UUID.randomUUID();
        List<Double> latencies = new ArrayList<>();
        List<Double> context = new ArrayList<>();
        for (int i = 0; i < this.warmup + this.turns; i++) {
            String message = "Turn %d: let me tell you about %s, it went better than I expected."
                    .formatted(i, TOPICS[i % TOPICS.length]);
            long started = System.nanoTime();
            JsonNode reply = this.api.post("/v1/conversations/" + conversation + "/messages",
                    Map.of("role", "user", "content", message));
            double millis = (System.nanoTime() - started) / 1e6;
            if (i >= this.warmup) {
                latencies.add(millis);
                context.add(reply.path("usage").path("contextTokens").asDouble());
            }
        }
        this.api.delete("/v1/conversations/" + conversation);
        System.out.printf("chat turns through the gateway (%d cores, %d warm-up turns): %s%n",
                Runtime.getRuntime().availableProcessors(), this.warmup, new Percentiles(latencies).summary());
        System.out.printf("context tokens per turn: %s%n", new Percentiles(context).summary().replace(" ms", ""));
    }

    /** The same turns as SSE: time to the first streamed piece, and to the end of the stream. */
    private void runStreamed() {
        String conversation = "bench-" + UUID.randomUUID();
        List<Double> firstPiece = new ArrayList<>();
        List<Double> whole = new ArrayList<>();
        for (int i = 0; i < this.warmup + this.turns; i++) {
            String message = "Turn %d: let me tell you about %s, it went better than I expected."
                    .formatted(i, TOPICS[i % TOPICS.length]);
            long started = System.nanoTime();
            long[] times = this.api.postStream("/v1/conversations/" + conversation + "/messages",
                    Map.of("role", "user", "content", message, "stream", true));
            if (i >= this.warmup && times[0] > 0) {
                firstPiece.add((times[0] - started) / 1e6);
                whole.add((times[1] - started) / 1e6);
            }
        }
        this.api.delete("/v1/conversations/" + conversation);
        System.out.printf("streamed chat turns through the gateway (%d cores, %d warm-up turns, %d with deltas)%n",
                Runtime.getRuntime().availableProcessors(), this.warmup, firstPiece.size());
        System.out.printf("  time to first streamed piece: %s%n", new Percentiles(firstPiece).summary());
        System.out.printf("  time to the end of the stream: %s%n", new Percentiles(whole).summary());
    }
}
