package dev.skein.memory.stream;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Problems;

import org.springframework.stereotype.Repository;

/**
 * The {@code conversations} table, through {@link ConversationRepository}. Every query
 * names the tenant: another tenant's id is not found.
 */
@Repository
public class ConversationStore {

    /** Why a user for a conversation that belongs to another user is refused. */
    public static final String OTHER_USER = "differs from the user the conversation belongs to";

    private final ConversationRepository conversations;

    private final EntityManager entityManager;

    ConversationStore(ConversationRepository conversations, EntityManager entityManager) {
        this.conversations = conversations;
        this.entityManager = entityManager;
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

    /** The existing conversation, locked for this transaction. */
    public Optional<Conversation> lock(String tenantId, String conversationId) {
        return this.conversations.lock(tenantId, conversationId).map(ConversationEntity::toConversation);
    }

    Optional<Conversation> find(String tenantId, String conversationId) {
        return this.conversations.findByTenantIdAndConversationId(tenantId, conversationId)
            .map(ConversationEntity::toConversation);
    }

    /**
     * Moves the stream head after an append; returns the conversation as it is now. The
     * entity is the one {@link #lock} loaded (no query); the update is flushed at once,
     * because what follows in the transaction (salience, the outbox) is SQL that reads
     * the table directly.
     */
    Conversation advance(Conversation conversation, long lastSequence, long addedTokens, Instant at) {
        ConversationEntity entity = this.conversations.getReferenceById(conversation.uid());
        entity.advance(lastSequence, addedTokens, at);
        this.entityManager.flush();
        return entity.toConversation();
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
        ConversationEntity entity = this.conversations.getReferenceById(conversation.uid());
        entity.belongTo(userId);
        this.entityManager.flush();
        return entity.toConversation();
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

}
