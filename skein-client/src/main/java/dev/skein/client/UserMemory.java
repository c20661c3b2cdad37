package dev.skein.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One page of a user's durable facts ({@code GET /v1/users/{userId}/memory}): what the
 * user stated in any of their conversations that no later statement superseded, pinned
 * first, then by salience.
 *
 * @param userId the user
 * @param facts the facts
 * @param nextCursor pass it to get the next page; null on the last page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserMemory(String userId, List<Fact> facts, String nextCursor) {

    public UserMemory {
        facts = facts == null ? List.of() : List.copyOf(facts);
    }

    /**
     * A statement of the user.
     *
     * @param memoryId the message's id, as search hits and evidence name it
     * @param conversationId the conversation it was said in
     * @param sequence its place in that conversation
     * @param speaker who said it, when the conversation names speakers
     * @param text what was said
     * @param salience its base salience, in [0, 1]
     * @param pinned pinned facts come first
     * @param createdAt when it was said
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fact(UUID memoryId, String conversationId, long sequence, String speaker, String text,
            double salience, boolean pinned, Instant createdAt) {
    }

}
