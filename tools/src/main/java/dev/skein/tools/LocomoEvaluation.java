package dev.skein.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.skein.tools.LocomoDataset.Conversation;
import dev.skein.tools.LocomoDataset.Question;
import dev.skein.tools.RecallScore.Hit;

/**
 * Evidence recall of Skein's memory search on LoCoMo-format data, through the public API
 * only: import each conversation session by session with the original times, ask each
 * question, and score the {@code externalIds} of the results against the gold evidence
 * turn ids.
 */
final class LocomoEvaluation {

    private static final String[] GROUPS = { "cat 1 multi-hop", "cat 2 temporal", "cat 3 open-domain",
            "cat 4 single-hop", "cat 1-4", "cat 5 adversarial" };

    private static final String[] AGES = { "oldest third", "middle third", "newest third" };

    private final SkeinApi api;

    private final Path file;

    private final int topK;

    private final boolean keep;

    /** The run id of conversations a former {@code --keep} run left behind, or null. */
    private final String reuse;

    /** Where each question's ranked results go as JSON lines, or null. */
    private final Path dump;

    LocomoEvaluation(SkeinApi api, Options options) {
        this.api = api;
        this.file = Path.of(options.text("file", "../shared/data/locomo-dev/locomo-dev.json"));
        this.topK = options.integer("top-k", 50);
        this.reuse = options.text("reuse", null);
        this.keep = options.flag("keep") || this.reuse != null;
        this.dump = options.has("dump") ? Path.of(options.text("dump", null)) : null;
    }

    void run() {
        LocomoDataset dataset = LocomoDataset.read(this.file);
        Map<String, Tally> groups = new LinkedHashMap<>();
        Map<String, Tally> ages = new LinkedHashMap<>();
        for (String group : GROUPS) {
            groups.put(group, new Tally());
        }
        for (String age : AGES) {
            ages.put(age, new Tally());
        }
        List<Double> latencies = new ArrayList<>();
        int skipped = 0;
        String run = this.reuse != null ? this.reuse : UUID.randomUUID().toString().substring(0, 8);
        List<String> dumped = new ArrayList<>();
        for (Conversation conversation : dataset.conversations()) {
            String id = "locomo-" + conversation.sampleId() + "-" + run;
            if (this.reuse == null) {
                long started = System.nanoTime();
                LocomoImport.Imported imported = LocomoImport.importSessions(this.api, id, conversation);
                int turns = imported.turns();
                Indexing.await(this.api, id, imported.watermark(), Duration.ofMinutes(20));
                System.out.printf("%s: %d turns in %d sessions imported and indexed in %.1f s%s%n",
                        conversation.sampleId(), turns, conversation.sessions().size(),
                        (System.nanoTime() - started) / 1e9, this.keep ? " (kept: --reuse " + run + ")" : "");
            }
            for (Question question : conversation.questions()) {
                if (question.evidence().isEmpty()) {
                    skipped++;
                    continue;
                }
                long t0 = System.nanoTime();
                JsonNode results = this.api
                    .post("/v1/conversations/" + id + "/memory:search",
                            Map.of("query", question.question(), "topK", this.topK))
                    .path("results");
                latencies.add((System.nanoTime() - t0) / 1e6);
                List<Hit> hits = new ArrayList<>();
                for (JsonNode result : results) {
                    List<String> ids = new ArrayList<>();
                    result.path("externalIds").forEach(value -> ids.add(value.asString()));
                    hits.add(new Hit(ids, result.path("text").asString()));
                }
                if (this.dump != null) {
                    dumped.add(JsonMapper.shared()
                        .writeValueAsString(Map.of("conversation", conversation.sampleId(), "question",
                                question.question(), "category", question.category(), "evidence", question.evidence(),
                                "results", results)));
                }
                groups.get(groupOf(question.category())).add(hits, question);
                if (question.category() <= 4) {
                    groups.get("cat 1-4").add(hits, question);
                    int oldest = question.evidence().stream().mapToInt(conversation::sessionOf).min().orElse(1);
                    int third = Math.min(2, (oldest - 1) * 3 / conversation.sessions().size());
                    ages.get(AGES[third]).add(hits, question);
                }
            }
            if (!this.keep) {
                this.api.delete("/v1/conversations/" + id);
            }
        }
        print(groups, ages, latencies, skipped);
        if (this.dump != null) {
            try {
                Files.write(this.dump, dumped);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private static String groupOf(int category) {
        return switch (category) {
            case 1, 2, 3, 4 -> GROUPS[category - 1];
            default -> "cat 5 adversarial";
        };
    }

    private void print(Map<String, Tally> groups, Map<String, Tally> ages, List<Double> latencies, int skipped) {
        System.out.printf("%nLoCoMo evidence recall (%s, top-k %d, %d cores)%n", this.file.getFileName(), this.topK,
                Runtime.getRuntime().availableProcessors());
        String header = "%-18s %5s %7s %7s %7s %7s %7s %9s %9s%n";
        System.out.printf(header, "group", "n", "R@5", "R@10", "R@20", "all@10", "MRR", "R@1000tk", "R@2000tk");
        groups.forEach((name, tally) -> tally.print(name));
        System.out.printf("%nrecall by age of the oldest evidence turn (categories 1-4)%n");
        System.out.printf(header, "age", "n", "R@5", "R@10", "R@20", "all@10", "MRR", "R@1000tk", "R@2000tk");
        ages.forEach((name, tally) -> tally.print(name));
        System.out.printf("%nsearch latency through the gateway: %s%n", new Percentiles(latencies).summary());
        if (skipped > 0) {
            System.out.printf("%d questions without usable evidence ids were skipped%n", skipped);
        }
    }

    /** Sums of per-question scores of one group. */
    private static final class Tally {

        private int n;

        private double r5, r10, r20, all10, mrr, tok1000, tok2000;

        void add(List<Hit> hits, Question question) {
            this.n++;
            this.r5 += RecallScore.recallAt(hits, question.evidence(), 5);
            this.r10 += RecallScore.recallAt(hits, question.evidence(), 10);
            this.r20 += RecallScore.recallAt(hits, question.evidence(), 20);
            this.all10 += RecallScore.allAt(hits, question.evidence(), 10) ? 1 : 0;
            this.mrr += RecallScore.reciprocalRank(hits, question.evidence());
            this.tok1000 += RecallScore.recallWithinTokens(hits, question.evidence(), 1000);
            this.tok2000 += RecallScore.recallWithinTokens(hits, question.evidence(), 2000);
        }

        void print(String name) {
            if (this.n == 0) {
                System.out.printf("%-18s %5d%n", name, 0);
                return;
            }
            System.out.printf("%-18s %5d %6.1f%% %6.1f%% %6.1f%% %6.1f%% %7.3f %8.1f%% %8.1f%%%n", name, this.n,
                    pct(this.r5), pct(this.r10), pct(this.r20), pct(this.all10), this.mrr / this.n, pct(this.tok1000),
                    pct(this.tok2000));
        }

        private double pct(double sum) {
            return 100.0 * sum / this.n;
        }

    }

}
