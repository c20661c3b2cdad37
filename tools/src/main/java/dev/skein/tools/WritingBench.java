package dev.skein.tools;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * Long-form writing through the gateway: for each target length a writing job is started
 * and followed until it completes, then its target is set against the length written,
 * section by section. Against a stack whose LLM is {@code fake-llm --length-spread 0.3}
 * (a model missing every asked length by up to ±30%, as real ones do) the figures show
 * what planning and the length review make of an imprecise model; against a real model,
 * what that model makes of them.
 */
final class WritingBench {

    private final SkeinApi api;

    private final List<Integer> targets;

    private final boolean keep;

    WritingBench(SkeinApi api, Options options) {
        this.api = api;
        this.targets = options.integers("words", "2000,10000,50000");
        this.keep = options.flag("keep");
    }

    void run() {
        System.out.printf(Locale.ROOT, "long-form writing through the gateway (%d cores)%n",
                Runtime.getRuntime().availableProcessors());
        System.out.println("target | actual | off    | sections | revised | outside ±10% | LLM calls | time");
        for (int target : this.targets) {
            String conversation = "bench-writing-" + UUID.randomUUID();
            long started = System.nanoTime();
            JsonNode accepted = this.api.post("/v1/conversations/" + conversation + "/writings", Map.of("instruction",
                    "A report on memory for chat products (" + target + " words)", "targetWords", target));
            String self = accepted.path("links").path("self").asString();
            JsonNode job = this.api.get(self);
            long deadline = started + 60L * 60 * 1_000_000_000;
            while (!List.of("completed", "failed").contains(job.path("status").asString())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Writing job " + self + " did not finish within an hour");
                }
                Indexing.sleep(100);
                job = this.api.get(self);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (!job.path("status").asString().equals("completed")) {
                throw new IllegalStateException("Writing job " + self + " failed: " + job.path("failure"));
            }
            System.out.println(row(target, job, millis));
            if (!this.keep) {
                this.api.delete("/v1/conversations/" + conversation);
            }
        }
    }

    /**
     * One line of the table. LLM calls are counted from the job: the plan, then every
     * draft and revision a section's reviews record (each review judged one answer of the
     * model).
     */
    static String row(int target, JsonNode job, long millis) {
        int actual = job.path("actualWords").asInt();
        List<JsonNode> sections = job.path("plan").path("sections").valueStream().toList();
        long revised = sections.stream().filter(s -> s.path("reviews").size() > 1).count();
        long outside = sections.stream()
            .filter(s -> outside(s.path("actualWords").asInt(), s.path("targetWords").asInt()))
            .count();
        int calls = 1 + sections.stream().mapToInt(s -> s.path("reviews").size()).sum();
        return String.format(Locale.ROOT, "%6d | %6d | %+5.1f%% | %8d | %7d | %12d | %9d | %d ms", target, actual,
                (actual - target) * 100.0 / target, sections.size(), revised, outside, calls, millis);
    }

    /**
     * Outside ±10% of the section's budget, judged as the generation-service's length
     * review does.
     */
    static boolean outside(int words, int target) {
        return (long) words * 10 < (long) target * 9 || (long) words * 10 > (long) target * 11;
    }

}
