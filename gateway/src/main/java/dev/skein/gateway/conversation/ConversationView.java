package dev.skein.gateway.conversation;

import java.time.Instant;

import dev.skein.gateway.internal.MemoryClient;
import dev.skein.gateway.internal.RetrievalClient;

/**
 * A conversation's counters from the memory-service merged with the index's progress.
 *
 * @param status {@code indexing} while the index is behind the stream, else {@code ready}
 */
record ConversationView(String conversationId, Long messages, Long memories, Long indexed, Long indexedThrough,
        Long lastSequence, Long historyTokens, Instant createdAt, Instant lastActivityAt, String status) {

    static ConversationView of(MemoryClient.ConversationStatus status, RetrievalClient.IndexStatus index) {
        long lastSequence = status.lastSequence() == null ? 0 : status.lastSequence();
        long indexedThrough = index == null || index.indexedThrough() == null ? 0 : index.indexedThrough();
        return new ConversationView(status.conversationId(), status.messages(), status.memories(),
                index == null || index.indexed() == null ? 0L : index.indexed(), indexedThrough,
                status.lastSequence(), status.historyTokens(), status.createdAt(), status.lastActivityAt(),
                indexedThrough < lastSequence ? "indexing" : "ready");
    }
}
