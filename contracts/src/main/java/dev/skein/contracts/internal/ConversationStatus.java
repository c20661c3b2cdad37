package dev.skein.contracts.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * A conversation's counters as the memory-service holds them.
 *
 * @param memories memory chunks recorded for indexing: one "turn" per message, plus
 * windows and summaries
 */
public record ConversationStatus(String conversationId, UUID conversationUid, long messages, long memories,
        long lastSequence, long historyTokens, Instant createdAt, Instant lastActivityAt) {
}
