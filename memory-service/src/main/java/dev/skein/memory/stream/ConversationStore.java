package dev.skein.memory.stream;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import dev.skein.memory.jdbc.PendingWrites;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Problems;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code conversations} table. Every query names the tenant: another tenant's id is
 * not found. The turn path's operations (the row lock, the stream head, the user) are SQL
 * returning a {@link Conversation}, no entity: the profile of issue 15 measured the
 * persistence context and its flushes on that path (docs/perf/turn-path-profile.md).
 * Lookups outside it and the delete go through {@link ConversationRepository}.
 */
@Repository
public class ConversationStore {

    /** Why a user for a conversation that belongs to another user is refused. */
    public static final String OTHER_USER = "differs from the user the conversation belongs to";

    /** Also the {@link Conversation.Marks}: one round trip fewer for each of them. */
    static final String COLUMNS = "uid, tenant_id, conversation_id, created_at, last_activity_at, "
            + "last_sequence, history_tokens, user_id, user_turns, edits, segment_start, segments_closed";

    private final ConversationRepository conversations;

    private final EntityManager entityManager;

    private final JdbcTemplate jdbc;

    private final PendingWrites pending;

    ConversationStore(ConversationRepository conversations, EntityManager entityManager, JdbcTemplate jdbc,
            PendingWrites pending) {
        this.pending = pending;
        this.conversations = conversations;
        this.entityManager = entityManager;
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
        this.conversations.insertIfAbsent(UUID.randomUUID(), tenantId, conversationId);
        return lock(tenantId, conversationId)
            .orElseThrow(() -> new IllegalStateException("Conversation vanished right after its creation"));
    }

    /**
     * The existing conversation, locked for this transaction; with the writes waiting for
     * the transaction's next statement ({@link PendingWrites}).
     */
    public Optional<Conversation> lock(String tenantId, String conversationId) {
        return this.pending
            .query("SELECT " + COLUMNS + " FROM conversations WHERE tenant_id = ? AND conversation_id = ? FOR UPDATE",
                    ConversationStore::map, tenantId, conversationId)
            .stream()
            .findFirst();
    }

    Optional<Conversation> find(String tenantId, String conversationId) {
        return this.conversations.findByTenantIdAndConversationId(tenantId, conversationId)
            .map(ConversationEntity::toConversation);
    }

    /**
     * Moves the stream head and the turn clock after an import (a turn's message moves
     * them in the statement that inserts it: {@link MessageStore#insert}); returns the
     * conversation as it is now.
     * @param userTurns the user messages imported
     */
    Conversation advance(Conversation conversation, long lastSequence, long addedTokens, int userTurns, Instant at) {
        return this.jdbc.queryForObject(
                "UPDATE conversations SET last_sequence = ?, history_tokens = history_tokens + ?, "
                        + "user_turns = user_turns + ?, last_activity_at = ? WHERE uid = ? RETURNING " + COLUMNS,
                ConversationStore::map, lastSequence, addedTokens, userTurns, Times.sql(at), conversation.uid());
    }

    /**
     * Gives a conversation the caller has locked to a user, creating the user on first
     * use; returns the conversation as it is now. A conversation belongs to one user for
     * good: another user is a 409 {@code conflict} naming {@code userId}, and nothing is
     * changed.
     */
    public Conversation belongTo(Conversation conversation, String userId) {
        if (userId.equals(conversation.userId())) {
            return conversation;
        }
        if (conversation.userId() != null) {
            throw Problems.conflict("userId " + OTHER_USER, List.of(new FieldError("userId", OTHER_USER)));
        }
        this.conversations.insertUserIfAbsent(conversation.tenantId(), userId);
        return this.jdbc.queryForObject("UPDATE conversations SET user_id = ? WHERE uid = ? RETURNING " + COLUMNS,
                ConversationStore::map, userId, conversation.uid());
    }

    /**
     * Deletes the conversation and (by the database's cascade) its messages; the uid it
     * had, if it existed.
     */
    Optional<UUID> delete(String tenantId, String conversationId) {
        return this.conversations.findByTenantIdAndConversationId(tenantId, conversationId).map(entity -> {
            this.conversations.delete(entity);
            this.entityManager.flush();
            return entity.uid();
        });
    }

    static Conversation map(ResultSet rs, int row) throws SQLException {
        return new Conversation(rs.getObject("uid", UUID.class), rs.getString("tenant_id"),
                rs.getString("conversation_id"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_activity_at", OffsetDateTime.class).toInstant(), rs.getLong("last_sequence"),
                rs.getLong("history_tokens"), rs.getString("user_id"), rs.getLong("user_turns"), new Conversation.Marks(
                        rs.getLong("edits"), rs.getLong("segment_start"), rs.getLong("segments_closed")));
    }

}
