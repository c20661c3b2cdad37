package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

/** memory-service → retrieval-service: drop every index row of this conversation. */
public record ConversationErased(UUID eventId, Instant occurredAt, String tenantId, String conversationId,
        UUID conversationUid) implements SkeinEvent {
}
