package dev.skein.contracts.internal;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A conversation's counters as the memory-service holds them.
 *
 * @param memories memory chunks recorded for indexing: one "turn" per message, plus
 * windows and summaries
 * @param userId the user the conversation belongs to, or null
 */
public record ConversationStatus(String conversationId, UUID conversationUid, long messages, long memories,
        long lastSequence, long historyTokens, Instant createdAt, Instant lastActivityAt, @Nullable String userId) {

    public ConversationStatus(String conversationId, UUID conversationUid, long messages, long memories,
            long lastSequence, long historyTokens, Instant createdAt, Instant lastActivityAt) {
        this(conversationId, conversationUid, messages, memories, lastSequence, historyTokens, createdAt,
                lastActivityAt, null);
    }
}
