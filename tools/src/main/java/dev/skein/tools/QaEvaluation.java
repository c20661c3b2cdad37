package dev.skein.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.skein.tools.AnswerJudge.Verdict;
import dev.skein.tools.LocomoDataset.Conversation;
import dev.skein.tools.LocomoDataset.Question;

/**
 * Answer quality of Skein's chat turns on LoCoMo-format data ({@code eval-locomo --qa}):
 * each conversation is imported as for the recall evaluation, then every question of
 * categories 1–4 is asked as a chat turn of that conversation, and the reply is scored
 * against the gold answer by token F1 and, with a judge model configured, by an LLM judge
 * (J: the share the judge labels CORRECT). The question and its reply are deleted from
 * memory once scored, so a later question finds the conversation, not earlier questions.
 * What answers is whatever the stack is configured with: its LLM, or the extractive
 * responder (whose quotes a judge may accept, and whose notice that no LLM wrote the
 * reply lowers F1).
 */
final class QaEvaluation {

    private static final String[] GROUPS = { "cat 1 multi-hop", "cat 2 temporal", "cat 3 open-domain",
            "cat 4 single-hop", "cat 1-4" };

    private final SkeinApi api;

    private final Path file;

    private final AnswerJudge judge;

    private final int perConversation;

    private final boolean keep;

    /**
     * @param judge null to score F1 only
     */
    QaEvaluation(SkeinApi api, Options options, AnswerJudge judge) {
        this.api = api;
        this.file = Path.of(options.text("file", "../shared/data/locomo-dev/locomo-dev.json"));
        this.judge = judge;
        this.perConversation = options.integer("questions", Integer.MAX_VALUE);
        this.keep = options.flag("keep");
    }

    /** The judge the options or the environment name, or null when none is named. */
    static AnswerJudge judge(Options options) {
        String url = options.text("judge-url", SkeinTools.env("SKEIN_JUDGE_BASE_URL", ""));
        if (url.isBlank()) {
            return null;
        }
        return new AnswerJudge(url, options.text("judge-model", SkeinTools.env("SKEIN_JUDGE_MODEL", "gpt-4o-mini")),
                options.text("judge-key", SkeinTools.env("SKEIN_JUDGE_API_KEY", "")));
    }

    void run() {
        LocomoDataset dataset = LocomoDataset.read(this.file);
        Map<String, Tally> groups = new LinkedHashMap<>();
        for (String group : GROUPS) {
            groups.put(group, new Tally());
        }
        List<Double> latencies = new ArrayList<>();
        String generatedBy = "";
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (Conversation conversation : dataset.conversations()) {
            String id = "locomo-qa-" + conversation.sampleId() + "-" + run;
            LocomoImport.Imported imported = LocomoImport.importSessions(this.api, id, conversation);
            Indexing.await(this.api, id, imported.watermark(), Duration.ofMinutes(20));
            System.out.printf("%s: %d turns imported and indexed%n", conversation.sampleId(), imported.turns());
            int asked = 0;
            for (Question question : conversation.questions()) {
                if (question.category() > 4 || question.answer().isBlank() || asked >= this.perConversation) {
                    continue;
                }
                asked++;
                long t0 = System.nanoTime();
                JsonNode turn = this.api.post("/v1/conversations/" + id + "/messages",
                        Map.of("role", "user", "content", question.question()));
                latencies.add((System.nanoTime() - t0) / 1e6);
                String answer = turn.at("/reply/content").asString("");
                generatedBy = turn.at("/reply/generatedBy").asString(generatedBy);
                double f1 = AnswerF1.score(answer, question.answer());
                Verdict verdict = this.judge == null ? null
                        : this.judge.judge(question.question(), question.answer(), answer);
                groups.get(GROUPS[question.category() - 1]).add(f1, verdict);
                groups.get("cat 1-4").add(f1, verdict);
                forget(id, turn);
            }
            if (this.keep) {
                System.out.printf("conversation %s kept%n", id);
            }
            else {
                this.api.delete("/v1/conversations/" + id);
            }
        }
        print(groups, latencies, generatedBy);
    }

    /**
     * Deletes the question and its reply once the index holds them (a delete before the
     * index saw a message could not drop what comes after it).
     */
    private void forget(String id, JsonNode turn) {
        Indexing.awaitTurns(this.api, id, turn.path("sequence").asLong(), Duration.ofMinutes(5));
        JsonNode view = this.api.get("/v1/conversations/" + id + "/turns/" + turn.path("turnId").asString());
        this.api.delete("/v1/conversations/" + id + "/memories/" + view.at("/userMessage/messageId").asString());
        this.api.delete("/v1/conversations/" + id + "/memories/" + turn.path("messageId").asString());
    }

    private void print(Map<String, Tally> groups, List<Double> latencies, String generatedBy) {
        System.out.printf("%nLoCoMo answer quality (%s, replies by %s, judge %s, %d cores)%n", this.file.getFileName(),
                generatedBy, this.judge == null ? "none (--judge-url)" : this.judge.model(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-18s %5s %7s %7s %9s%n", "group", "n", "F1", "J", "unclear");
        groups.forEach((name, tally) -> tally.print(name, this.judge != null));
        System.out.printf("%nchat turn latency through the gateway: %s%n", new Percentiles(latencies).summary());
    }

    /** Sums of one group's scores. */
    private static final class Tally {

        private int n;

        private double f1;

        private int correct;

        private int unclear;

        void add(double f1, Verdict verdict) {
            this.n++;
            this.f1 += f1;
            if (verdict == Verdict.CORRECT) {
                this.correct++;
            }
            else if (verdict == Verdict.UNCLEAR) {
                this.unclear++;
            }
        }

        void print(String name, boolean judged) {
            if (this.n == 0) {
                System.out.printf("%-18s %5d%n", name, 0);
                return;
            }
            System.out.printf("%-18s %5d %6.1f%% %7s %9s%n", name, this.n, 100 * this.f1 / this.n,
                    judged ? String.format("%.1f%%", 100.0 * this.correct / this.n) : "-",
                    judged ? Integer.toString(this.unclear) : "-");
        }

    }

}
