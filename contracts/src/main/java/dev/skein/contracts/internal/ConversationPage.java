package dev.skein.contracts.internal;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a tenant's conversations, newest activity first (memory-service {@code GET
 * /internal/tenants/{tenantId}/conversations}).
 *
 * @param nextCursor opaque; the page after this one, or null on the last page
 */
public record ConversationPage(List<Entry> conversations, @Nullable String nextCursor) {

    /**
     * @param messageCount messages in the stream
     * @param memoryCount memory chunks recorded for indexing (turns, windows, summaries,
     * facts)
     * @param userId the user the conversation belongs to, or null
     */
    public record Entry(String conversationId, long messageCount, long memoryCount, Instant createdAt,
            Instant lastActivityAt, @Nullable String userId) {

        public Entry(String conversationId, long messageCount, long memoryCount, Instant createdAt,
                Instant lastActivityAt) {
            this(conversationId, messageCount, memoryCount, createdAt, lastActivityAt, null);
        }
    }
}
