package dev.skein.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One page of the tenant's conversations, or of one user's, newest activity first.
 *
 * @param conversations the conversations
 * @param nextCursor pass it to get the next page; null on the last page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConversationList(List<Summary> conversations, String nextCursor) {

    public ConversationList {
        conversations = conversations == null ? List.of() : List.copyOf(conversations);
    }

    /**
     * @param messageCount messages in the conversation
     * @param memoryCount memories recorded for it (turns, windows, summaries, facts)
     * @param userId the user the conversation belongs to, null when none
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Summary(String conversationId, long messageCount, long memoryCount, Instant createdAt,
            Instant lastActivityAt, String userId) {
    }

}
