package dev.skein.gateway.conversation;

import java.time.Instant;

import dev.skein.contracts.internal.ConversationStatus;
import dev.skein.contracts.internal.IndexStatus;

/**
 * A conversation's counters from the memory-service merged with the index's progress.
 *
 * @param status {@code indexing} while the index is behind the stream, else {@code ready}
 * @param userId the user the conversation belongs to, null when none
 */
record ConversationView(String conversationId, Long messages, Long memories, Long indexed, Long indexedThrough,
        Long lastSequence, Long historyTokens, Instant createdAt, Instant lastActivityAt, String status,
        @io.swagger.v3.oas.annotations.media.Schema(description = "The user the conversation belongs to",
                nullable = true) String userId) {

    static ConversationView of(ConversationStatus status, IndexStatus index) {
        return new ConversationView(status.conversationId(), status.messages(), status.memories(), index.indexed(),
                index.indexedThrough(), status.lastSequence(), status.historyTokens(), status.createdAt(),
                status.lastActivityAt(), index.indexedThrough() < status.lastSequence() ? "indexing" : "ready",
                status.userId());
    }
}
