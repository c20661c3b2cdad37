package dev.skein.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Latency of {@code memory:search} through the gateway inside one conversation of a given
 * size: imports a synthetic conversation (the needle probe's filler and facts), waits
 * until it and the memory bank built over it are indexed, then asks questions about its
 * facts and topics one at a time, top 10. The time includes the query's embedding, the
 * search statement, the gateway and HTTP. Indexing time per turn is the import's, through
 * Kafka and the embedding of every turn.
 */
final class SearchBench {

    private final SkeinApi api;

    private final List<Integer> sizes;

    private final int queries;

    private final int warmup;

    private final boolean keep;

    /** A conversation a --keep run imported, asked again without importing. */
    private final String reuse;

    SearchBench(SkeinApi api, Options options) {
        this.api = api;
        this.sizes = options.integers("turns", "1000,10000");
        this.queries = options.integer("queries", 300);
        this.warmup = options.integer("warmup", 30);
        this.reuse = options.text("reuse", null);
        this.keep = options.flag("keep") || this.reuse != null;
    }

    void run() {
        List<String> report = new ArrayList<>();
        if (this.reuse != null) {
            report.add(rerun(this.reuse));
        }
        else {
            for (int size : this.sizes) {
                report.add(run(size));
            }
        }
        System.out.printf("%nmemory:search through the gateway, top 10 (%d cores, %d warm-up queries per size)%n",
                Runtime.getRuntime().availableProcessors(), this.warmup);
        report.forEach(System.out::println);
    }

    private String run(int size) {
        NeedleProbe.Planted planted = NeedleProbe.plant(size);
        String conversation = "bench-search-" + size + "-" + UUID.randomUUID().toString().substring(0, 8);
        long started = System.nanoTime();
        long watermark = NeedleProbe.importAll(this.api, conversation, planted.messages());
        double imported = (System.nanoTime() - started) / 1e9;
        Indexing.Indexed indexed = Indexing.await(this.api, conversation, watermark, Duration.ofHours(2));
        double turnsIndexed = (indexed.turnsAt() - started) / 1e9;
        System.out.printf(Locale.ROOT,
                "%,d turns (%s): imported in %.1f s, turns indexed after %.1f s (%.1f ms per "
                        + "turn), windows and summaries after %.1f s%n",
                size, conversation, imported, turnsIndexed, turnsIndexed * 1000 / size,
                (indexed.settledAt() - started) / 1e9);
        return searches(conversation, size, questions(planted));
    }

    /**
     * The searches again in a conversation a --keep run imported
     * ({@code bench-search-<size>-<id>}): the same questions, since the planted facts
     * depend on the size alone. Apart from an import's aftermath (the index's own vacuum,
     * the memory bank's summaries), and comparable between two builds of one service.
     */
    private String rerun(String conversation) {
        int size = sizeOf(conversation);
        System.out.printf(Locale.ROOT, "%,d turns (%s): reused%n", size, conversation);
        return searches(conversation, size, questions(NeedleProbe.plant(size)));
    }

    /**
     * The size in a conversation id this command made:
     * bench-search-&lt;turns&gt;-&lt;id&gt;.
     */
    static int sizeOf(String conversation) {
        String[] parts = conversation.split("-");
        try {
            if (parts.length == 4 && parts[0].equals("bench") && parts[1].equals("search")) {
                return Integer.parseInt(parts[2]);
            }
        }
        catch (NumberFormatException ex) {
            // as any other id
        }
        throw new IllegalArgumentException(
                "--reuse takes a conversation a bench-search --keep run printed (bench-search-<turns>-<id>), not "
                        + conversation);
    }

    private String searches(String conversation, int size, List<String> questions) {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < this.warmup + this.queries; i++) {
            long t0 = System.nanoTime();
            this.api.post("/v1/conversations/" + conversation + "/memory:search",
                    Map.of("query", questions.get(i % questions.size()), "topK", 10));
            if (i >= this.warmup) {
                latencies.add((System.nanoTime() - t0) / 1e6);
            }
        }
        if (!this.keep) {
            this.api.delete("/v1/conversations/" + conversation);
        }
        return String.format(Locale.ROOT, "  %,d turns: %s", size, new Percentiles(latencies).summary());
    }

    /** A question for every planted fact and one about every filler topic, in turn. */
    static List<String> questions(NeedleProbe.Planted planted) {
        List<String> questions = new ArrayList<>();
        for (int i = 0; i < Math.max(planted.facts().size(), NeedleProbe.TOPICS.length); i++) {
            if (i < planted.facts().size()) {
                questions.add("What is my " + planted.facts().get(i).subject() + "?");
            }
            if (i < NeedleProbe.TOPICS.length) {
                questions.add("Who talked about " + NeedleProbe.TOPICS[i] + ", and where?");
            }
        }
        return questions;
    }

}
