package dev.skein.gateway.conversation;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import dev.skein.contracts.internal.ConversationPage;

/**
 * {@code GET /v1/conversations}: one page of the tenant's conversations, newest activity
 * first.
 *
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record ConversationList(List<ConversationSummary> conversations,
        @Schema(description = "Opaque; null on the last page", nullable = true) @Nullable String nextCursor) {

    public static ConversationList of(ConversationPage page) {
        return new ConversationList(page.conversations()
            .stream()
            .map(entry -> new ConversationSummary(entry.conversationId(), entry.messageCount(), entry.memoryCount(),
                    entry.createdAt(), entry.lastActivityAt(), entry.userId()))
            .toList(), page.nextCursor());
    }

    /**
     * @param messageCount messages in the conversation's stream
     * @param memoryCount memory chunks recorded for indexing (turns, windows, summaries,
     * facts)
     * @param userId the user the conversation belongs to, null when none
     */
    public record ConversationSummary(String conversationId, long messageCount, long memoryCount, Instant createdAt,
            Instant lastActivityAt,
            @Schema(description = "The user the conversation belongs to", nullable = true) @Nullable String userId) {
    }
}
