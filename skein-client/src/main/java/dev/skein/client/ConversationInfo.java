package dev.skein.client;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The counters of a conversation and of its index.
 *
 * @param status {@code ready} when the index holds every message, else {@code indexing}
 * @param userId the user the conversation belongs to, null when none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConversationInfo(String conversationId, long messages, long memories, long indexed, long indexedThrough,
        long lastSequence, long historyTokens, Instant createdAt, Instant lastActivityAt, String status,
        String userId) {
}
