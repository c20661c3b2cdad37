package dev.skein.generation.inspect;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import java.sql.Connection;

import javax.sql.DataSource;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.Topics;
import dev.skein.contracts.internal.TurnPrompt;
import dev.skein.generation.AbstractGenerationIT;
import dev.skein.generation.GenerationProperties;
import dev.skein.generation.erasure.ErasedConversations;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13: a turn's prompt was held in one instance's memory, so it was gone after a
 * restart and unknown to another replica. Now it is in {@code turn_prompts}: found by any
 * instance, bounded per conversation and by age, deleted with its conversation.
 */
class TurnPromptLogIT extends AbstractGenerationIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JsonMapper json;

    @Autowired
    private GenerationProperties properties;

    @Autowired
    private TurnPromptLog log;

    @Test
    void aTurnsPromptIsStoredAndAnotherInstanceFindsIt() throws Exception {
        String conversation = "prompt-" + UUID.randomUUID();
        EvidenceRetrieved event = evidenceRetrieved(conversation, "What was my cat called? " + conversation,
                List.of(oldTurn("Alice: I adopted a cat today, her name is Miso.")), false);
        publish(event, "corr-" + conversation);
        records(Topics.REPLY_GENERATED, conversation, 1);

        HttpResponse<String> response = get("/internal/turns/" + event.turnId() + "/prompt");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode prompt = JSON.readTree(response.body());
        assertThat(prompt.path("tenantId").asString()).isEqualTo("tenant-it");
        assertThat(prompt.path("conversationId").asString()).isEqualTo(conversation);
        assertThat(prompt.path("tokenBudget").asInt()).isPositive();
        assertThat(prompt.path("messages").toString()).contains("her name is Miso");
        assertThat(prompt.path("evidence").toString()).contains("her name is Miso");
        // another instance (or this one after a restart) holds nothing in memory: it
        // reads the table
        TurnPrompt found = instance(10).find(event.turnId()).orElseThrow();
        assertThat(found.conversationId()).isEqualTo(conversation);
        assertThat(found.evidence()).hasSize(1);
        assertThat(found.messages()).isNotEmpty();
        assertThat(get("/internal/turns/" + UUID.randomUUID() + "/prompt").statusCode()).isEqualTo(404);
    }

    @Test
    void keepsTheLastPromptsOfEachConversation() {
        TurnPromptLog two = instance(2);
        String conversation = "bounded-" + UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        UUID elsewhere = UUID.randomUUID();
        two.record(prompt(elsewhere, "tenant-a", "other-" + conversation), Instant.now());

        two.record(prompt(first, "tenant-a", conversation), Instant.now());
        two.record(prompt(second, "tenant-a", conversation), Instant.now());
        two.record(prompt(third, "tenant-a", conversation), Instant.now());

        assertThat(two.find(first)).isEmpty();
        assertThat(two.find(second)).isPresent();
        assertThat(two.find(third).orElseThrow().turnId()).isEqualTo(third);
        assertThat(two.find(elsewhere)).isPresent();
    }

    @Test
    void erasingAConversationDeletesItsPromptsOnlyAndATurnInFlightStoresNone() throws Exception {
        String conversation = "erased-" + UUID.randomUUID();
        UUID erased = UUID.randomUUID();
        UUID otherTenant = UUID.randomUUID();
        UUID otherConversation = UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(5);
        this.log.record(prompt(erased, "tenant-a", conversation), before);
        this.log.record(prompt(otherTenant, "tenant-b", conversation), before);
        this.log.record(prompt(otherConversation, "tenant-a", "kept-" + conversation), before);
        Instant erasedAt = Instant.now();

        publish(new ConversationErased(UUID.randomUUID(), erasedAt, "tenant-a", conversation, UUID.randomUUID()),
                "corr-erase");

        await().atMost(Duration.ofSeconds(60)).until(() -> this.log.find(erased).isEmpty());
        assertThat(this.log.find(otherTenant)).isPresent();
        assertThat(this.log.find(otherConversation)).isPresent();
        assertThat(rows("tenant-a", conversation)).isZero();
        // a turn whose evidence was retrieved before the erasure, answered after it
        UUID inFlight = UUID.randomUUID();
        this.log.record(prompt(inFlight, "tenant-a", conversation), before);
        assertThat(this.log.find(inFlight)).isEmpty();
        // the id used again after the erasure: a new conversation, its prompts are kept
        UUID reused = UUID.randomUUID();
        this.log.record(prompt(reused, "tenant-a", conversation), erasedAt.plusSeconds(1));
        assertThat(this.log.find(reused)).isPresent();
    }

    @Test
    void aPromptThatWaitedForItsConversationsErasureIsNotStored() throws Exception {
        String conversation = "racing-" + UUID.randomUUID();
        Instant retrievedAt = Instant.now().minusSeconds(1);
        UUID inFlight = UUID.randomUUID();
        CountDownLatch erasing = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
        // an erasure holding the conversation's lock, not committed yet
        CompletableFuture<Void> erasure = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            ErasedConversations erasures = new ErasedConversations(this.jdbc);
            erasures.lock("prompts", "tenant-a", conversation);
            erasures.remember("tenant-a", conversation, Instant.now());
            erasing.countDown();
            try {
                commit.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(erasing.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> recording = CompletableFuture
            .runAsync(() -> this.log.record(prompt(inFlight, "tenant-a", conversation), retrievedAt));
        // the prompt's statement has started and waits for the lock: it began before the
        // erasure committed, and must still see it
        await().atMost(Duration.ofSeconds(30))
            .until(() -> this.jdbc.sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE wait_event = 'advisory' AND query LIKE '%record_turn_prompt%'""")
                .query(Long.class)
                .single() == 1);
        commit.countDown();
        erasure.get(30, TimeUnit.SECONDS);
        recording.get(30, TimeUnit.SECONDS);

        assertThat(this.log.find(inFlight)).isEmpty();
        assertThat(rows("tenant-a", conversation)).isZero();
    }

    /**
     * The turn waits for the prompt's statement before its reply goes out: its commit
     * does not wait for the disk, and the setting ends with its transaction (the pooled
     * connection's next user commits as before). All on one connection, so the check
     * after the commit reads the connection the prompt was written on.
     */
    @Test
    void aPromptsCommitDoesNotWaitForTheDiskAndOnlyItsOwn() throws Exception {
        UUID inTransaction = UUID.randomUUID();
        UUID autocommitted = UUID.randomUUID();
        try (Connection connection = this.dataSource.getConnection()) {
            SingleConnectionDataSource one = new SingleConnectionDataSource(connection, true);
            JdbcClient client = JdbcClient.create(one);
            TurnPromptLog log = new TurnPromptLog(client, new ErasedConversations(client), this.json, one,
                    this.properties);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(one));

            String inside = transactions.execute(status -> {
                log.record(prompt(inTransaction, "tenant-a", "durable-" + inTransaction), Instant.now());
                return synchronousCommit(client);
            });
            String after = synchronousCommit(client);
            log.record(prompt(autocommitted, "tenant-a", "durable-" + autocommitted), Instant.now());

            assertThat(inside).isEqualTo("off");
            assertThat(after).isEqualTo("on");
            assertThat(synchronousCommit(client)).as("after an autocommitted prompt, as the service writes it")
                .isEqualTo("on");
        }
        assertThat(this.log.find(inTransaction)).isPresent();
        assertThat(this.log.find(autocommitted)).isPresent();
    }

    private static String synchronousCommit(JdbcClient client) {
        return client.sql("SELECT current_setting('synchronous_commit')").query(String.class).single();
    }

    @Test
    void promptsOlderThanTheRetentionAreForgotten() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        String conversation = "aged-" + UUID.randomUUID();
        this.log.record(prompt(old, "tenant-a", conversation), Instant.now());
        this.log.record(prompt(recent, "tenant-a", conversation), Instant.now());
        this.jdbc.sql("UPDATE turn_prompts SET recorded_at = now() - :age * interval '1 second' WHERE turn_id = :id")
            .param("age", this.properties.promptRetention().plusMinutes(1).toSeconds())
            .param("id", old)
            .update();

        this.log.forgetOld();

        assertThat(this.log.find(old)).isEmpty();
        assertThat(this.log.find(recent)).isPresent();
    }

    private TurnPromptLog instance(int perConversation) {
        GenerationProperties bounded = new GenerationProperties(this.properties.llm(),
                this.properties.promptBudgetTokens(), this.properties.systemPrompt(), this.properties.reasoning(),
                perConversation, this.properties.promptRetention());
        return new TurnPromptLog(this.jdbc, new ErasedConversations(this.jdbc), this.json, this.dataSource, bounded);
    }

    private long rows(String tenant, String conversation) {
        return this.jdbc.sql("SELECT count(*) FROM turn_prompts WHERE tenant_id = :tenant AND conversation_id = :c")
            .param("tenant", tenant)
            .param("c", conversation)
            .query(Long.class)
            .single();
    }

    private static TurnPrompt prompt(UUID turnId, String tenant, String conversation) {
        return new TurnPrompt(turnId, Instant.now(), "direct", List.of(), 0,
                List.of(new TurnPrompt.PromptMessage("user", "hello " + conversation)), 10, 0, "extractive", tenant,
                conversation, 3500, List.of(), List.of());
    }

}
