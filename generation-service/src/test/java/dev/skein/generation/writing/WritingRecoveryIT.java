package dev.skein.generation.writing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.WritingProgressed;
import dev.skein.generation.FakeLlmServer;
import dev.skein.generation.writing.jobs.WritingJobs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writing jobs when things go wrong: a database outage under the listeners, several
 * instances (a lease per job), erasures racing requests, and an LLM outage in the middle
 * of a job.
 */
class WritingRecoveryIT extends AbstractWritingIT {

    @Autowired
    private WritingJobs jobs;

    @Autowired
    private WritingJobRunner runner;

    @Test
    void aDatabaseOutageUnderTheListenersLosesNeitherARequestNorAnErasure() throws Exception {
        String conversation = "blip-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String outage = "blip_" + jobId.toString().replace("-", "");
        // a record's own failure gets 3 deliveries before it is parked; an outage is
        // waited out
        int moreThanTheDefault = 11;

        outage(outage, "writing_jobs", conversation);
        try {
            publish(request(conversation, jobId, "A text stored late " + jobId, 150, Instant.now()), "corr");
            awaitFailures(outage, moreThanTheDefault);
        }
        finally {
            endOutage(outage, "writing_jobs");
        }
        assertThat(last(progressUntilFinished(conversation)).kind()).isEqualTo("completed");

        outage(outage, "erased_conversations", conversation);
        try {
            publish(new ConversationErased(UUID.randomUUID(), Instant.now(), TENANT, conversation, UUID.randomUUID()),
                    "corr");
            awaitFailures(outage, moreThanTheDefault);
            assertThat(get(path(conversation, jobId)).statusCode()).isEqualTo(200);
        }
        finally {
            endOutage(outage, "erased_conversations");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> get(path(conversation, jobId)).statusCode() == 404);
        this.jdbc.sql("DROP FUNCTION " + outage + "()").update();
        this.jdbc.sql("DROP SEQUENCE " + outage).update();
    }

    /**
     * Inserts of this conversation's rows into {@code table} fail, as in a database
     * outage (SQLSTATE 57P03, "cannot connect now", which Spring translates into a
     * resource failure), and are counted (a sequence: its value survives the failed
     * transaction).
     */
    private void outage(String name, String table, String conversation) {
        this.jdbc.sql("CREATE SEQUENCE IF NOT EXISTS " + name).update();
        this.jdbc.sql("ALTER SEQUENCE " + name + " RESTART").update();
        this.jdbc.sql("CREATE OR REPLACE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.conversation_id = '" + conversation + "' THEN PERFORM nextval('" + name + "'); "
                + "RAISE EXCEPTION 'the database is down (a test)' USING ERRCODE = '57P03'; END IF; RETURN NEW; END $$")
            .update();
        this.jdbc
            .sql("CREATE TRIGGER " + name + " BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION " + name
                    + "()")
            .update();
    }

    private void endOutage(String name, String table) {
        this.jdbc.sql("DROP TRIGGER IF EXISTS " + name + " ON " + table).update();
    }

    private void awaitFailures(String name, int count) {
        await().atMost(Duration.ofSeconds(60))
            .until(() -> this.jdbc.sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + name)
                .query(Long.class)
                .single() >= count);
    }

    @Test
    void ofSeveralInstancesClaimingOneJobAtOnceExactlyOneWins() throws Exception {
        String conversation = "claim-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        // planned, one section: if this instance's sweep gets in first it simply writes
        // it
        plannedJob(jobId, conversation, "writing", null);
        section(jobId, 0, "Claimed-" + jobId, "pending", null);
        int contenders = 6;
        List<UUID> owners = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            owners.add(UUID.randomUUID());
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        List<Boolean> won = new ArrayList<>();
        try {
            List<Future<Boolean>> claims = owners.stream().map(owner -> pool.submit(() -> {
                start.await();
                return this.jobs.claim(jobId, owner, Duration.ofMinutes(5));
            })).toList();
            start.countDown();
            for (Future<Boolean> claim : claims) {
                won.add(claim.get());
            }
        }
        finally {
            pool.shutdownNow();
        }
        UUID stored = owner(jobId);
        long winners = won.stream().filter(Boolean::booleanValue).count();
        if (winners == 0) {
            // this instance's sweep claimed it first: then every contender lost
            assertThat(stored).isEqualTo(this.runner.instanceId());
        }
        else {
            assertThat(winners).isEqualTo(1);
            UUID winner = owners.get(won.indexOf(true));
            assertThat(stored).isEqualTo(winner);
            // a live lease is not taken; its owner renews it
            assertThat(this.jobs.claim(jobId, UUID.randomUUID(), Duration.ofMinutes(5))).isFalse();
            assertThat(this.jobs.claim(jobId, winner, Duration.ofMinutes(5))).isTrue();
            assertThat(this.jobs.renew(jobId, UUID.randomUUID(), Duration.ofMinutes(5))).isFalse();
        }
        delete(jobId);
    }

    @Test
    void aJobWhoseLeaseRanOutIsTakenOverByTheSweep() throws Exception {
        String conversation = "takeover-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String tag = jobId.toString().substring(0, 8);
        UUID dead = UUID.randomUUID();
        // as an instance that died while writing leaves it: its lease ran out a second
        // ago
        plannedJob(jobId, conversation, "writing", dead);
        this.jdbc.sql("UPDATE writing_jobs SET lease_until = now() - interval '1 second' WHERE job_id = ?")
            .param(jobId)
            .update();
        section(jobId, 0, "Kept-" + tag, "written", "Written by the instance that died.");
        section(jobId, 1, "Left-" + tag, "writing", null);

        this.runner.sweep();

        await().atMost(Duration.ofSeconds(60))
            .until(() -> "completed".equals(job(conversation, jobId).path("status").asString()));
        assertThat(owner(jobId)).isEqualTo(this.runner.instanceId());
        assertThat(LLM.requests("p1", "Write section 2: \\\"Left-" + tag)).hasSize(1);
        assertThat(LLM.requests("p1", "Write section 1: \\\"Kept-" + tag)).isEmpty();
        assertThat(job(conversation, jobId).path("text").asString())
            .startsWith("## Kept-" + tag + "\n\nWritten by the instance that died.\n\n## Left-" + tag);
    }

    @Test
    void aRunnerThatLostItsLeaseStopsWithoutWritingOrFailingTheJob() throws Exception {
        String conversation = "lost-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String title = "Stolen-" + jobId.toString().substring(0, 8);
        plannedJob(jobId, conversation, "writing", null);
        section(jobId, 0, title, "pending", null);
        LLM.mode("p1", FakeLlmServer.Mode.STALL);
        LLM.mode("p2", FakeLlmServer.Mode.STALL);
        UUID thief = UUID.randomUUID();
        try {
            this.runner.submit(jobId);
            await().atMost(Duration.ofSeconds(30)).until(() -> !LLM.requests("p1", title).isEmpty());
            // another instance takes the job over while this one waits for the LLM
            this.jdbc.sql("UPDATE writing_jobs SET owner = ?, lease_until = now() + interval '1 hour' WHERE job_id = ?")
                .params(thief, jobId)
                .update();
            LLM.reset(); // the section's call is answered now: the runner has a text to
                         // commit
            await().atMost(Duration.ofSeconds(60)).until(() -> !this.runner.isRunning(jobId));

            JsonNode job = job(conversation, jobId);
            assertThat(job.path("status").asString()).isEqualTo("writing");
            assertThat(job.path("failure").isNull()).isTrue();
            assertThat(job.path("attempts").asInt()).isZero();
            assertThat(job.path("plan").path("sections").path(0).path("status").asString()).isNotEqualTo("written");
            assertThat(job.path("plan").path("sections").path(0).path("actualWords").isNull()).isTrue();
            assertThat(owner(jobId)).isEqualTo(thief);
        }
        finally {
            delete(jobId);
        }
    }

    @Test
    void aRequestThatArrivesAfterItsConversationsErasureIsDropped() throws Exception {
        String conversation = "erased-first-" + UUID.randomUUID();
        Instant erasedAt = Instant.now();
        publish(new ConversationErased(UUID.randomUUID(), erasedAt, TENANT, conversation, UUID.randomUUID()), "corr");
        await().atMost(Duration.ofSeconds(30))
            .until(() -> this.jdbc
                .sql("SELECT count(*) FROM erased_conversations WHERE tenant_id = ? AND conversation_id = ?")
                .params(TENANT, conversation)
                .query(Long.class)
                .single() == 1);
        UUID late = UUID.randomUUID();
        UUID reused = UUID.randomUUID();

        // requested before the erasure, delivered after it
        publish(request(conversation, late, "A late text " + late, 150, erasedAt.minusSeconds(60)), "corr");
        // the id reused by a new conversation: requested after the erasure, same
        // partition, so consumed after
        publish(request(conversation, reused, "A new text " + reused, 150, erasedAt.plusSeconds(1)), "corr");

        assertThat(last(progressUntilFinished(conversation)).jobId()).isEqualTo(reused);
        assertThat(job(conversation, reused).path("status").asString()).isEqualTo("completed");
        assertThat(get(path(conversation, late)).statusCode()).isEqualTo(404);
        assertThat(LLM.requests("p1", "A late text " + late)).isEmpty();
    }

    @Test
    void aLateErasureDeletesOnlyTheJobsRequestedBeforeIt() throws Exception {
        String conversation = "erased-late-" + UUID.randomUUID();
        Instant now = Instant.now();
        UUID old = UUID.randomUUID();
        UUID reused = UUID.randomUUID();
        publish(request(conversation, old, "An old text " + old, 150, now.minusSeconds(120)), "corr");
        publish(request(conversation, reused, "A new text " + reused, 150, now), "corr");
        progressUntilFinished(conversation, 2);

        // the erasure of the conversation as it was a minute ago arrives only now
        publish(new ConversationErased(UUID.randomUUID(), now.minusSeconds(60), TENANT, conversation,
                UUID.randomUUID()), "corr");

        await().atMost(Duration.ofSeconds(30)).until(() -> get(path(conversation, old)).statusCode() == 404);
        assertThat(job(conversation, reused).path("status").asString()).isEqualTo("completed");
    }

    @Test
    void anLlmOutageLeavesTheJobUnfinishedAndItCompletesOnceTheLlmIsBack() throws Exception {
        String conversation = "outage-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String tag = jobId.toString().substring(0, 8);
        plannedJob(jobId, conversation, "writing", null);
        section(jobId, 0, "Done-" + tag, "written", "Finished before the outage.");
        for (int position = 1; position <= 4; position++) {
            section(jobId, position, "Part" + position + "-" + tag, "pending", null);
        }
        LLM.mode("p1", FakeLlmServer.Mode.FAIL);
        LLM.mode("p2", FakeLlmServer.Mode.FAIL);

        this.runner.submit(jobId);

        await().atMost(Duration.ofSeconds(60)).until(() -> job(conversation, jobId).path("attempts").asInt() >= 1);
        JsonNode failing = job(conversation, jobId);
        assertThat(failing.path("status").asString()).isEqualTo("writing");
        assertThat(failing.path("failure").isNull()).isTrue();
        assertThat(failing.path("lastError").asString()).contains("could not be written");
        // two sections were in flight (parallelism 2) when the LLM failed: the other two
        // were not started
        assertThat(LLM.requests("p1", "Write section 4: \\\"Part3-" + tag)).isEmpty();
        assertThat(LLM.requests("p1", "Write section 5: \\\"Part4-" + tag)).isEmpty();

        int before = LLM.requests().size();
        LLM.reset();
        this.providers.reset(); // the outage opened the breakers
        List<WritingProgressed> events = progressUntilFinished(conversation);

        JsonNode job = job(conversation, jobId);
        assertThat(job.path("status").asString()).isEqualTo("completed");
        assertThat(job.path("attempts").asInt()).isBetween(1, 4);
        assertThat(job.path("text").asString()).startsWith("## Done-" + tag + "\n\nFinished before the outage.\n\n");
        assertThat(job.path("actualWords").asInt()).isEqualTo(4 + 4 * 300);
        assertThat(LLM.requests("p1", "Write section 1: \\\"Done-" + tag)).isEmpty();
        // each missing section was written once after the outage, the finished one not
        // again
        List<FakeLlmServer.Request> after = LLM.requests().subList(before, LLM.requests().size());
        for (int position = 1; position <= 4; position++) {
            String call = "Write section " + (position + 1) + ": \\\"Part" + position + "-" + tag;
            assertThat(after).filteredOn(request -> request.mentions(call)).hasSize(1);
        }
        assertThat(events).extracting(WritingProgressed::kind).contains("retrying").doesNotContain("failed");
        assertThat(last(events).kind()).isEqualTo("completed");
    }

    @Test
    void aJobFailsForGoodOnceItHasHadItsAttempts() throws Exception {
        String conversation = "give-up-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        plannedJob(jobId, conversation, "writing", null);
        this.jdbc.sql("UPDATE writing_jobs SET attempts = 4 WHERE job_id = ?").param(jobId).update();
        section(jobId, 0, "Never-" + jobId.toString().substring(0, 8), "pending", null);
        LLM.mode("p1", FakeLlmServer.Mode.FAIL);
        LLM.mode("p2", FakeLlmServer.Mode.FAIL);

        this.runner.submit(jobId);

        WritingProgressed failed = last(progressUntilFinished(conversation));
        assertThat(failed.kind()).isEqualTo("failed");
        assertThat(failed.detail()).startsWith("gave up after 5 attempts; the last one failed: section 1");
        JsonNode job = job(conversation, jobId);
        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("failure").asString()).isEqualTo(failed.detail());
    }

    private void plannedJob(UUID jobId, String conversation, String status, UUID owner) {
        this.jdbc
            .sql("INSERT INTO writing_jobs (job_id, tenant_id, conversation_id, instruction, target_words, status, "
                    + "plan_source, owner) VALUES (?, ?, ?, ?, 1200, ?, 'llm', ?)")
            .params(jobId, TENANT, conversation, "A recovered text " + jobId, status, owner)
            .update();
    }

    private UUID owner(UUID jobId) {
        return this.jdbc.sql("SELECT owner FROM writing_jobs WHERE job_id = ?")
            .param(jobId)
            .query(UUID.class)
            .optional()
            .orElse(null);
    }

    private void delete(UUID jobId) {
        this.jdbc.sql("DELETE FROM writing_jobs WHERE job_id = ?").param(jobId).update();
    }

}
