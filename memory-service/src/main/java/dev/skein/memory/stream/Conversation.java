package dev.skein.memory.stream;

import java.time.Instant;
import java.util.UUID;

/**
 * A conversation of one tenant. {@code uid} is internal and new for every (re-)creation,
 * so events of a deleted conversation can be told apart from those of a new one with the
 * same id.
 */
public record Conversation(UUID uid, String tenantId, String conversationId, Instant createdAt, Instant lastActivityAt,
        long lastSequence, long historyTokens) {
}
