package dev.skein.generation.erasure;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code erased_conversations} table: what the generation-service keeps of an
 * erasure, so that work already under way (a writing job accepted, a turn's prompt
 * assembled) stores nothing of the conversation afterwards. The writers and the eraser
 * meet on a transaction-scoped lock per use and conversation.
 */
@Component
public class ErasedConversations {

    private final JdbcClient jdbc;

    public ErasedConversations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serialises the caller's transaction with others of the same use on this
     * conversation (until commit).
     * @param use what the lock guards ("writing", "prompts")
     */
    public void lock(String use, String tenantId, String conversationId) {
        this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
            .param("key", lockKey(use, tenantId, conversationId))
            .query((rs, row) -> 1)
            .list();
    }

    /**
     * The text whose hash names the lock of {@link #lock}; for a statement that takes the
     * same lock in the database ({@code record_turn_prompt}).
     */
    public static String lockKey(String use, String tenantId, String conversationId) {
        return use + ":" + tenantId + "/" + conversationId;
    }

    /** Records the erasure in the caller's transaction; a later one moves the time on. */
    public void remember(String tenantId, String conversationId, Instant erasedAt) {
        this.jdbc.sql("""
                INSERT INTO erased_conversations (tenant_id, conversation_id, erased_at)
                VALUES (:tenantId, :conversationId, :erasedAt)
                ON CONFLICT (tenant_id, conversation_id)
                DO UPDATE SET erased_at = GREATEST(erased_conversations.erased_at, EXCLUDED.erased_at)""")
            .param("tenantId", tenantId)
            .param("conversationId", conversationId)
            .param("erasedAt", Timestamp.from(erasedAt))
            .update();
    }

}
