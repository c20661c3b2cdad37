package dev.skein.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * retrieval-service → memory-service: a turn found by meaning to update older statements
 * of its speaker ("I moved to Lisbon." after "I live in Berlin."), which the
 * memory-service's lexical rule could not see. The memory-service marks the older ones
 * "possibly superseded" by it, as its own rule does. Ids only, so it travels in clear
 * (like {@link ConversationErased}); a consumer applies it only to the conversation
 * incarnation it names.
 *
 * @param memoryId the newer turn (its message id)
 * @param supersedes the older turns it updates (their message ids)
 */
public record MemorySuperseded(UUID eventId, Instant occurredAt, String tenantId, String conversationId,
        UUID conversationUid, UUID memoryId, List<UUID> supersedes) implements SkeinEvent {

    public MemorySuperseded {
        supersedes = supersedes == null ? List.of() : supersedes.stream().filter(Objects::nonNull).toList();
    }
}
