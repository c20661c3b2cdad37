package dev.skein.memory.stream;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A conversation of one tenant. {@code uid} is internal and new for every (re-)creation,
 * so events of a deleted conversation can be told apart from those of a new one with the
 * same id.
 *
 * @param userId the user of the tenant it belongs to, or null
 * @param userTurns its turn clock, the user messages stored so far, as the statement that
 * read this record left it (the append that stored a message moves it in the same
 * statement); 0 where it was not read (the entity's lookups)
 */
public record Conversation(UUID uid, String tenantId, String conversationId, Instant createdAt, Instant lastActivityAt,
        long lastSequence, long historyTokens, @Nullable String userId, long userTurns) {

    public Conversation(UUID uid, String tenantId, String conversationId, Instant createdAt, Instant lastActivityAt,
            long lastSequence, long historyTokens, @Nullable String userId) {
        this(uid, tenantId, conversationId, createdAt, lastActivityAt, lastSequence, historyTokens, userId, 0);
    }

    public Conversation(UUID uid, String tenantId, String conversationId, Instant createdAt, Instant lastActivityAt,
            long lastSequence, long historyTokens) {
        this(uid, tenantId, conversationId, createdAt, lastActivityAt, lastSequence, historyTokens, null);
    }
}
