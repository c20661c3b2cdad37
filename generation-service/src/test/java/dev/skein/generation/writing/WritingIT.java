package dev.skein.generation.writing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.WritingProgressed;
import dev.skein.contracts.WritingRequested;
import dev.skein.generation.FakeLlmServer;
import dev.skein.generation.writing.sections.LengthReview;
import dev.skein.generation.writing.sections.WordCount;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Long-form writing against the fake LLM: length, progress events, resume, erasure. */
class WritingIT extends AbstractWritingIT {

    @Autowired
    private WritingJobRunner runner;

    @Test
    void aTenThousandWordJobHitsItsLengthWithinTenPercentInEverySection() throws Exception {
        LLM.shortFirstDrafts(true); // every first draft is half as long: each section
                                    // goes through a revision
        String conversation = "writing-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();

        publish(request(conversation, jobId, "Write a 10,000-word report on memory for chat products " + jobId, 10_000),
                "corr-" + jobId);

        List<WritingProgressed> events = progressUntilFinished(conversation);
        JsonNode job = job(conversation, jobId);
        assertThat(job.path("status").asString()).isEqualTo("completed");
        int actual = job.path("actualWords").asInt();
        assertThat(actual).isBetween(9_000, 11_000);
        // the fake writes exactly what it is asked for, so the revisions land on the
        // budget
        assertThat(actual).isEqualTo(10_000);
        JsonNode plan = job.path("plan");
        assertThat(plan.path("source").asString()).isEqualTo("llm");
        List<JsonNode> sections = plan.path("sections").valueStream().toList();
        // the fake planned 8 sections of 1,000 words: rescaled to 1,250 each
        assertThat(sections).hasSize(8);
        for (JsonNode section : sections) {
            int target = section.path("targetWords").asInt();
            assertThat(target).isEqualTo(1250);
            assertThat(section.path("status").asString()).isEqualTo("written");
            assertThat(section.path("actualWords").asInt()).isBetween(LengthReview.lowest(target),
                    LengthReview.highest(target));
            assertThat(section.path("reviews").valueStream().map(review -> review.path("verdict").asString()))
                .containsExactly("too-short", "ok");
            assertThat(section.path("memoriesUsed").asInt()).isEqualTo(1);
        }
        String text = job.path("text").asString();
        assertThat(text).startsWith("## Chapter 1\n\n").contains("## Chapter 8\n\n").doesNotContain("A heading");
        assertThat(WordCount.of(text)).isEqualTo(10_000 + 8 * 2); // the headings "##
                                                                  // Chapter n" add two
                                                                  // words each
        assertThat(job.path("memoryNote").isNull()).isTrue();

        // each section was written with the instruction, the whole plan and the memory
        List<FakeLlmServer.Request> sectionCalls = LLM.requests("p1", "Write section 3: \\\"Chapter 3\\\"")
            .stream()
            .filter(request -> request.mentions(jobId.toString()))
            .toList();
        assertThat(sectionCalls).hasSize(1);
        assertThat(sectionCalls.get(0).messages().get(1).path("content").asString()).contains(
                "Write a 10,000-word report", "8. Chapter 8 (1250 words)", FakeLlmServer.MEMORY,
                "Length: about 1250 words (between 1125 and 1375)");

        // progress: planned first, completed last, each section started → written →
        // reviewed
        assertThat(events.get(0).kind()).isEqualTo("planned");
        assertThat(events.get(0).sections()).isEqualTo(8);
        WritingProgressed last = events.get(events.size() - 1);
        assertThat(last.kind()).isEqualTo("completed");
        assertThat(last.actualWords()).isEqualTo(10_000);
        assertThat(last.sectionsDone()).isEqualTo(8);
        assertThat(events).hasSize(2 + 8 * 4);
        for (int section = 0; section < 8; section++) {
            int position = section;
            List<String> kinds = events.stream()
                .filter(e -> Integer.valueOf(position).equals(e.section()))
                .map(WritingProgressed::kind)
                .toList();
            assertThat(kinds).containsExactly("section-started", "section-written", "section-reviewed",
                    "section-reviewed");
        }
        assertThat(events).allMatch(e -> e.jobId().equals(jobId) && e.tenantId().equals(TENANT));
    }

    @Test
    void anInterruptedJobResumesFromItsFinishedSections() throws Exception {
        String conversation = "writing-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String tag = jobId.toString().substring(0, 8);
        String first = "Done-One-" + tag;
        String second = "Done-Two-" + tag;
        String third = "Missing-Three-" + tag;
        // as a crash leaves it: planned, two sections committed, the third not
        this.jdbc
            .sql("INSERT INTO writing_jobs (job_id, tenant_id, conversation_id, instruction, target_words, status, "
                    + "plan_source) VALUES (?, ?, ?, ?, 900, 'writing', 'llm')")
            .params(jobId, TENANT, conversation, "A resumed text " + tag)
            .update();
        section(jobId, 0, first, "written", "Alpha was written before the crash.");
        section(jobId, 1, second, "written", "Beta was written before the crash too.");
        section(jobId, 2, third, "pending", null);

        this.runner.sweep();

        await().atMost(Duration.ofSeconds(60))
            .until(() -> "completed".equals(job(conversation, jobId).path("status").asString()));
        JsonNode job = job(conversation, jobId);
        // only the missing section was written; no new plan was made
        assertThat(LLM.requests("p1", "Write section 3: \\\"" + third)).hasSize(1);
        assertThat(LLM.requests("p1", "Write section 1: \\\"" + first)).isEmpty();
        assertThat(LLM.requests("p1", "Write section 2: \\\"" + second)).isEmpty();
        assertThat(LLM.requests("p1", "A resumed text " + tag)
            .stream()
            .filter(request -> request.mentions("Total length:"))).isEmpty();
        assertThat(job.path("text").asString())
            .isEqualTo("## " + first + "\n\nAlpha was written before the crash.\n\n" + "## " + second
                    + "\n\nBeta was written before the crash too.\n\n## " + third + "\n\n" + FakeLlmServer.words(300));
        assertThat(job.path("actualWords").asInt()).isEqualTo(6 + 7 + 300);
        assertThat(job.path("plan").path("sections").path(0).path("reviews").isEmpty()).isTrue();
    }

    @Test
    void aRedeliveredRequestIsOneJob() throws Exception {
        String conversation = "writing-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        WritingRequested request = request(conversation, jobId, "A short note " + jobId, 300);

        publish(request, "corr");
        publish(request, "corr");

        progressUntilFinished(conversation);
        assertThat(job(conversation, jobId).path("status").asString()).isEqualTo("completed");
        assertThat(LLM.requests("p1", "A short note " + jobId).stream().filter(call -> call.mentions("Total length:")))
            .hasSize(1);
        assertThat(this.jdbc.sql("SELECT count(*) FROM writing_jobs WHERE conversation_id = ?")
            .param(conversation)
            .query(Long.class)
            .single()).isEqualTo(1L);
    }

    @Test
    void aBadPlanFallsBackAndAnUnreachableMemoryIsNotedNotFatal() throws Exception {
        LLM.planReply("Sure! First an introduction, then the body, then a conclusion.");
        LLM.retrievalDown(true);
        String conversation = "writing-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();

        publish(request(conversation, jobId, "A fallback text " + jobId, 3000), "corr");

        List<WritingProgressed> events = progressUntilFinished(conversation);
        JsonNode job = job(conversation, jobId);
        assertThat(job.path("status").asString()).isEqualTo("completed");
        assertThat(job.path("plan").path("source").asString()).isEqualTo("fallback");
        assertThat(job.path("plan").path("note").asString()).isEqualTo("the model's plan was not the JSON asked for");
        assertThat(job.path("plan").path("sections").valueStream().map(s -> s.path("title").asString()))
            .containsExactly("Introduction", "Conclusion");
        assertThat(job.path("actualWords").asInt()).isEqualTo(3000);
        assertThat(job.path("memoryNote").asString()).isEqualTo(WritingJobRunner.MEMORY_NOTE);
        assertThat(events.get(0).detail()).isEqualTo("the model's plan was not the JSON asked for");
        assertThat(LLM.requests("p1", "A fallback text " + jobId))
            .noneMatch(call -> call.mentions(FakeLlmServer.MEMORY));
    }

    @Test
    void erasingTheConversationDeletesItsJobs() throws Exception {
        String conversation = "writing-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        publish(request(conversation, jobId, "A text to forget " + jobId, 200), "corr");
        progressUntilFinished(conversation);
        assertThat(get(path(conversation, jobId)).statusCode()).isEqualTo(200);

        publish(new ConversationErased(UUID.randomUUID(), Instant.now(), TENANT, conversation, UUID.randomUUID()),
                "corr");

        await().atMost(Duration.ofSeconds(30)).until(() -> get(path(conversation, jobId)).statusCode() == 404);
        assertThat(this.jdbc.sql("SELECT count(*) FROM writing_sections WHERE job_id = ?")
            .param(jobId)
            .query(Long.class)
            .single()).isZero();
    }

    @Test
    void anotherTenantsJobIsNotFoundAndWritingIsAvailable() throws Exception {
        String conversation = "writing-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        publish(request(conversation, jobId, "A private text " + jobId, 150), "corr");
        progressUntilFinished(conversation);

        HttpResponse<String> other = get(
                "/internal/tenants/someone-else/conversations/" + conversation + "/writings/" + jobId);

        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(other.body()).path("type").asString())
            .isEqualTo("https://skein.dev/problems/not-found");
        assertThat(get(path(conversation, jobId)).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/internal/writing").body()).path("available").asBoolean()).isTrue();
    }

}
