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

    TurnLatencyBench(SkeinApi api, Map<String, String> options) {
        this.api = api;
        this.turns = Integer.parseInt(options.getOrDefault("turns", "100"));
        this.warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
    }

    void run() {
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
}
