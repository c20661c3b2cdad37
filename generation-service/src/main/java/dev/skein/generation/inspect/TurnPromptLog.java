package dev.skein.generation.inspect;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.skein.contracts.internal.TurnPrompt;
import dev.skein.generation.GenerationProperties;
import dev.skein.generation.erasure.ErasedConversations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The prompt assembled for each turn, in {@code turn_prompts}: any instance answers
 * {@code GET /internal/turns/{id}/prompt} for a turn another one answered, also after a
 * restart. Bounded: the last {@code SKEIN_PROMPT_HISTORY_SIZE} prompts of each
 * conversation, none older than {@code SKEIN_PROMPT_RETENTION}. Erasing a conversation
 * deletes its prompts ({@link PromptLogEraser}). A debugging aid, not a record: a prompt
 * that cannot be stored is logged and the turn goes on.
 */
@Component
public class TurnPromptLog {

    private static final Logger log = LoggerFactory.getLogger(TurnPromptLog.class);

    /** The lock a prompt's write and an erasure of its conversation meet on. */
    private static final String LOCK = "prompts";

    private final JdbcClient jdbc;

    private final ErasedConversations erasures;

    private final JsonMapper json;

    private final int perConversation;

    private final Duration retention;

    /**
     * Storing and erasing take the conversation's lock, so a prompt stored while its
     * conversation is erased is either deleted by the erasure or sees it and is not
     * stored. The erasure runs in the data source's own transactions, as for the writing
     * jobs: a dropped connection stays a resource failure.
     */
    private final TransactionTemplate transactions;

    TurnPromptLog(JdbcClient jdbc, ErasedConversations erasures, JsonMapper json, DataSource dataSource,
            GenerationProperties properties) {
        this.erasures = erasures;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.json = json;
        this.perConversation = properties.promptHistorySize();
        this.retention = properties.promptRetention();
    }

    /**
     * Stores the prompt of a turn, unless its conversation was erased after the turn's
     * evidence was retrieved (the turn was in flight): nothing of an erased conversation
     * may stay. One round trip, autocommitted: the database's {@code record_turn_prompt}
     * takes the conversation's lock, stores and trims to the bound (generation V6), where
     * a transaction of those statements took four.
     * @param retrievedAt when the turn's evidence was retrieved
     */
    public void record(TurnPrompt prompt, Instant retrievedAt) {
        if (prompt.tenantId() == null || prompt.conversationId() == null || this.perConversation == 0) {
            return;
        }
        String text = this.json.writeValueAsString(prompt);
        try {
            this.jdbc.sql("""
                    SELECT record_turn_prompt(:lockKey, :turnId, :tenantId, :conversationId,
                        CAST(:prompt AS jsonb), :retrievedAt, :keep)""")
                .param("lockKey", ErasedConversations.lockKey(LOCK, prompt.tenantId(), prompt.conversationId()))
                .param("turnId", prompt.turnId())
                .param("tenantId", prompt.tenantId())
                .param("conversationId", prompt.conversationId())
                .param("prompt", text)
                .param("retrievedAt", Timestamp.from(retrievedAt != null ? retrievedAt : Instant.now()))
                .param("keep", this.perConversation)
                .query(Boolean.class)
                .single();
        }
        catch (DataAccessException ex) {
            log.warn("The prompt of turn {} was not stored: {}", prompt.turnId(), ex.getMessage());
        }
    }

    public Optional<TurnPrompt> find(UUID turnId) {
        return this.jdbc.sql("SELECT prompt::text FROM turn_prompts WHERE turn_id = :turnId")
            .param("turnId", turnId)
            .query(String.class)
            .optional()
            .map(text -> this.json.readValue(text, TurnPrompt.class));
    }

    /** Deletes the prompts of an erased conversation; returns how many. */
    public int erase(String tenantId, String conversationId, Instant erasedAt) {
        Integer deleted = this.transactions.execute(tx -> {
            this.erasures.lock(LOCK, tenantId, conversationId);
            // remembered (as the writing jobs do), so a turn in flight stores no prompt
            // after
            this.erasures.remember(tenantId, conversationId, erasedAt);
            return this.jdbc
                .sql("DELETE FROM turn_prompts WHERE tenant_id = :tenantId AND conversation_id = :conversationId")
                .param("tenantId", tenantId)
                .param("conversationId", conversationId)
                .update();
        });
        return deleted == null ? 0 : deleted;
    }

    /** Every instance runs it; the delete is idempotent. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetOld() {
        int forgotten = this.jdbc.sql("DELETE FROM turn_prompts WHERE recorded_at < :cutoff")
            .param("cutoff", Timestamp.from(Instant.now().minus(this.retention)))
            .update();
        if (forgotten > 0) {
            log.debug("Forgot {} prompts older than {}", forgotten, this.retention);
        }
    }

}
