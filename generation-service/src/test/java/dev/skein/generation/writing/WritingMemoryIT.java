package dev.skein.generation.writing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.contracts.MessageInput;
import dev.skein.contracts.WritingProgressed;
import dev.skein.generation.FakeLlmServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A finished text is appended to its conversation through the memory-service's import,
 * before completion.
 */
class WritingMemoryIT extends AbstractWritingIT {

    @Autowired
    private WritingJobRunner runner;

    @Test
    void aCompletedJobIsImportedOnceAsTheInstructionAndOneMessagePerSection() throws Exception {
        String conversation = "memory-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String instruction = "A report on Biscuit's first year " + jobId;

        publish(request(conversation, jobId, instruction, 3000), "corr");

        WritingProgressed last = last(progressUntilFinished(conversation));
        assertThat(last.kind()).isEqualTo("completed");
        JsonNode job = job(conversation, jobId);
        assertThat(job.path("status").asString()).isEqualTo("completed");
        // the fake plans two chapters; each was written by the first provider
        List<JsonNode> sections = job.path("plan").path("sections").valueStream().toList();
        assertThat(sections).hasSize(2);
        assertThat(sections).allSatisfy(s -> assertThat(s.path("generatedBy").asString()).isEqualTo(PRIMARY));
        String storedAt = job.path("storedInConversationAt").asString();
        assertThat(storedAt).isNotEmpty();
        // the messages carry the job's completion time
        assertThat(job.path("completedAt").asString()).isEqualTo(storedAt);

        List<FakeLlmServer.MemoryImport> imports = LLM.memoryImports(conversation);
        assertThat(imports).hasSize(1);
        FakeLlmServer.MemoryImport imported = imports.get(0);
        assertThat(imported.tenantId()).isEqualTo(TENANT);
        assertThat(imported.status()).isEqualTo(200);
        List<JsonNode> messages = imported.messages();
        assertThat(messages).extracting(m -> m.path("role").asString())
            .containsExactly("user", "assistant", "assistant");
        assertThat(messages).extracting(m -> m.path("externalId").asString())
            .containsExactly("writing:" + jobId + ":request", "writing:" + jobId + ":section:0",
                    "writing:" + jobId + ":section:1");
        assertThat(messages.get(0).path("content").asString()).isEqualTo(instruction);
        assertThat(messages.get(1).path("content").asString()).startsWith("## Chapter 1\n\n");
        assertThat(messages.get(2).path("content").asString()).startsWith("## Chapter 2\n\n");
        // together the sections are the job's text
        assertThat(messages.get(1).path("content").asString() + "\n\n" + messages.get(2).path("content").asString())
            .isEqualTo(job.path("text").asString());
        for (int i = 1; i <= 2; i++) {
            JsonNode metadata = messages.get(i).path("metadata");
            assertThat(metadata.path("writingJob").asString()).isEqualTo(jobId.toString());
            assertThat(metadata.path("section").asInt(-1)).isEqualTo(i - 1);
            assertThat(metadata.path("generatedBy").asString()).isEqualTo(PRIMARY);
        }
        assertThat(messages).extracting(m -> Instant.parse(m.path("createdAt").asString()))
            .containsOnly(Instant.parse(storedAt));
        assertThat(LLM.memoryMessages(TENANT, conversation)).hasSize(3);
    }

    @Test
    void aMemoryServiceThatIsDownHoldsTheJobBackUntilItIsBack() throws Exception {
        LLM.memoryDown(true);
        String conversation = "memory-down-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();

        publish(request(conversation, jobId, "A short note " + jobId, 300), "corr");

        await().atMost(Duration.ofSeconds(60)).until(() -> job(conversation, jobId).path("attempts").asInt() >= 1);
        JsonNode waiting = job(conversation, jobId);
        // written, but not completed: a client that saw "completed" would not find it in
        // the conversation
        assertThat(waiting.path("status").asString()).isEqualTo("reviewing");
        assertThat(waiting.path("failure").isNull()).isTrue();
        assertThat(waiting.path("text").isNull()).isTrue();
        assertThat(waiting.path("storedInConversationAt").isNull()).isTrue();
        assertThat(waiting.path("lastError").asString())
            .isEqualTo("the memory-service could not store the text (HTTP 503)");
        assertThat(LLM.memoryMessages(TENANT, conversation)).isEmpty();

        LLM.memoryDown(false);
        List<WritingProgressed> events = progressUntilFinished(conversation);

        assertThat(last(events).kind()).isEqualTo("completed");
        assertThat(events).extracting(WritingProgressed::kind).contains("retrying");
        JsonNode job = job(conversation, jobId);
        assertThat(job.path("status").asString()).isEqualTo("completed");
        assertThat(job.path("storedInConversationAt").isNull()).isFalse();
        List<FakeLlmServer.MemoryImport> imports = LLM.memoryImports(conversation);
        assertThat(imports).extracting(FakeLlmServer.MemoryImport::status).contains(503);
        assertThat(imports).filteredOn(i -> i.status() == 200).hasSize(1);
        assertThat(LLM.memoryMessages(TENANT, conversation)).extracting(m -> m.path("externalId").asString())
            .containsExactly("writing:" + jobId + ":request", "writing:" + jobId + ":section:0");
        // the sections were written once: the retry only imported
        assertThat(LLM.requests("p1", "A short note " + jobId).stream().filter(r -> r.mentions("Write section 1")))
            .hasSize(1);
    }

    @Test
    void aResumedJobWhoseTextIsInTheConversationAlreadyIsNotImportedAgain() throws Exception {
        String conversation = "memory-resumed-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        Instant storedAt = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS);
        // as a crash after the import, before the completion, leaves it
        reviewingJob(jobId, conversation);
        this.jdbc.sql("UPDATE writing_jobs SET stored_in_conversation_at = ? WHERE job_id = ?")
            .params(storedAt.atOffset(java.time.ZoneOffset.UTC), jobId)
            .update();

        this.runner.sweep();

        await().atMost(Duration.ofSeconds(60))
            .until(() -> "completed".equals(job(conversation, jobId).path("status").asString()));
        JsonNode job = job(conversation, jobId);
        assertThat(LLM.memoryImports(conversation)).isEmpty();
        assertThat(Instant.parse(job.path("storedInConversationAt").asString())).isEqualTo(storedAt);
        assertThat(Instant.parse(job.path("completedAt").asString())).isEqualTo(storedAt);
        assertThat(job.path("text").asString()).isEqualTo("## One\n\nThe first part.\n\n## Two\n\nThe second part.");
    }

    @Test
    void aJobImportedBeforeACrashButNotRecordedIsImportedAgainWithoutDuplicates() throws Exception {
        String conversation = "memory-replayed-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        // the import went through, then the instance died before recording it
        reviewingJob(jobId, conversation);
        List<MessageInput> earlier = ConversationImport.messages(jobId, "A recovered text " + jobId,
                List.of(new ConversationImport.Section(0, "One", "The first part.", null),
                        new ConversationImport.Section(1, "Two", "The second part.", null)),
                Instant.parse("2026-01-01T00:00:00Z"));
        HttpResponse<String> first = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(HttpRequest
                .newBuilder(URI.create(LLM.baseUrl("memory") + "/internal/tenants/" + TENANT + "/conversations/"
                        + conversation + "/messages:import"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + this.tokens.issue("memory-service", TENANT))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("messages", earlier))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(200);

        this.runner.sweep();

        await().atMost(Duration.ofSeconds(60))
            .until(() -> "completed".equals(job(conversation, jobId).path("status").asString()));
        List<FakeLlmServer.MemoryImport> imports = LLM.memoryImports(conversation);
        assertThat(imports).hasSize(2);
        assertThat(imports.get(1).messages()).extracting(m -> m.path("externalId").asString())
            .containsExactly("writing:" + jobId + ":request", "writing:" + jobId + ":section:0",
                    "writing:" + jobId + ":section:1");
        // every external id was known: the conversation holds the text once
        assertThat(LLM.memoryMessages(TENANT, conversation)).hasSize(3);
        assertThat(job(conversation, jobId).path("storedInConversationAt").isNull()).isFalse();
    }

    @Test
    void aMemoryServiceThatRefusesTheTextFailsTheJobWithItsReason() throws Exception {
        LLM.memoryMaxContentChars(100); // a section of 300 words is longer
        String conversation = "memory-refused-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();

        publish(request(conversation, jobId, "A refused note " + jobId, 300), "corr");

        WritingProgressed failed = last(progressUntilFinished(conversation));
        String reason = "the memory-service refused the text (HTTP 400): 1 invalid field(s): messages[1].content "
                + "must be at most 100 characters";
        assertThat(failed.kind()).isEqualTo("failed");
        assertThat(failed.detail()).isEqualTo(reason);
        JsonNode job = job(conversation, jobId);
        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("failure").asString()).isEqualTo(reason);
        assertThat(job.path("storedInConversationAt").isNull()).isTrue();
        // a refusal is final: not tried again
        assertThat(LLM.memoryImports(conversation)).extracting(FakeLlmServer.MemoryImport::status).containsExactly(400);
        assertThat(LLM.memoryMessages(TENANT, conversation)).isEmpty();
    }

    /** Planned, both sections written, not yet completed, nobody's lease. */
    private void reviewingJob(UUID jobId, String conversation) {
        this.jdbc
            .sql("INSERT INTO writing_jobs (job_id, tenant_id, conversation_id, instruction, target_words, status, "
                    + "plan_source) VALUES (?, ?, ?, ?, 600, 'reviewing', 'llm')")
            .params(jobId, TENANT, conversation, "A recovered text " + jobId)
            .update();
        section(jobId, 0, "One", "written", "The first part.");
        section(jobId, 1, "Two", "written", "The second part.");
    }

}
