package dev.skein.memory.stream;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code conversations} table. Every query names the tenant: another tenant's id is
 * not found.
 */
@Repository
public class ConversationStore {

    private static final String COLUMNS = "uid, tenant_id, conversation_id, created_at, last_activity_at, last_sequence, history_tokens";

    private final JdbcClient jdbc;

    ConversationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The conversation, created on first use, locked for this transaction. The row lock
     * is what allocates gap-free sequences. Most calls find the conversation (one round
     * trip); on first use, concurrent writers both insert, ON CONFLICT turns the loser's
     * insert into a no-op, and the loser then waits for the winner's lock.
     */
    public Conversation lockOrCreate(String tenantId, String conversationId) {
        Optional<Conversation> existing = lock(tenantId, conversationId);
        if (existing.isPresent()) {
            return existing.get();
        }
        this.jdbc.sql("""
                INSERT INTO conversations (uid, tenant_id, conversation_id)
                VALUES (:uid, :tenant, :conversation)
                ON CONFLICT (tenant_id, conversation_id) DO NOTHING""")
            .param("uid", UUID.randomUUID())
            .param("tenant", tenantId)
            .param("conversation", conversationId)
            .update();
        return lock(tenantId, conversationId)
            .orElseThrow(() -> new IllegalStateException("Conversation vanished right after its creation"));
    }

    /** The existing conversation, locked for this transaction. */
    public Optional<Conversation> lock(String tenantId, String conversationId) {
        return this.jdbc
            .sql("SELECT " + COLUMNS
                    + " FROM conversations WHERE tenant_id = :tenant AND conversation_id = :conversation FOR UPDATE")
            .param("tenant", tenantId)
            .param("conversation", conversationId)
            .query(ConversationStore::map)
            .optional();
    }

    Optional<Conversation> find(String tenantId, String conversationId) {
        return this.jdbc
            .sql("SELECT " + COLUMNS
                    + " FROM conversations WHERE tenant_id = :tenant AND conversation_id = :conversation")
            .param("tenant", tenantId)
            .param("conversation", conversationId)
            .query(ConversationStore::map)
            .optional();
    }

    /** Moves the stream head after an append; returns the conversation as it is now. */
    Conversation advance(Conversation conversation, long lastSequence, long addedTokens, Instant at) {
        this.jdbc.sql("""
                UPDATE conversations
                SET last_sequence = :sequence, history_tokens = history_tokens + :tokens, last_activity_at = :at
                WHERE uid = :uid""")
            .param("sequence", lastSequence)
            .param("tokens", addedTokens)
            .param("at", Times.sql(at))
            .param("uid", conversation.uid())
            .update();
        return new Conversation(conversation.uid(), conversation.tenantId(), conversation.conversationId(),
                conversation.createdAt(), at, lastSequence, conversation.historyTokens() + addedTokens);
    }

    /**
     * Deletes the conversation and (by cascade) its messages; the uid it had, if it
     * existed.
     */
    Optional<UUID> delete(String tenantId, String conversationId) {
        return this.jdbc.sql(
                "DELETE FROM conversations WHERE tenant_id = :tenant AND conversation_id = :conversation RETURNING uid")
            .param("tenant", tenantId)
            .param("conversation", conversationId)
            .query(UUID.class)
            .optional();
    }

    private static Conversation map(ResultSet rs, int row) throws SQLException {
        return new Conversation(rs.getObject("uid", UUID.class), rs.getString("tenant_id"),
                rs.getString("conversation_id"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_activity_at", OffsetDateTime.class).toInstant(), rs.getLong("last_sequence"),
                rs.getLong("history_tokens"));
    }

}
