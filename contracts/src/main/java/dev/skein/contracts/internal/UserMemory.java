package dev.skein.contracts.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One page of a user's durable facts (memory-service {@code GET
 * /internal/tenants/{tenantId}/users/{userId}/memory}): what the user stated (not asked)
 * in any of their conversations that is still true (no later statement superseded it),
 * pinned first, then by salience.
 *
 * @param nextCursor opaque; the page after this one, or null on the last page
 */
public record UserMemory(String userId, List<Fact> facts, @Nullable String nextCursor) {

    /**
     * A statement of the user.
     *
     * @param memoryId the message's id, as search and evidence name it
     * @param conversationId the conversation it was said in
     * @param salience its base salience (information content of its key phrases, before
     * decay), in [0, 1]
     * @param pinned pinned memories come first
     */
    public record Fact(UUID memoryId, String conversationId, long sequence, @Nullable String speaker, String text,
            double salience, boolean pinned, Instant createdAt) {
    }
}
