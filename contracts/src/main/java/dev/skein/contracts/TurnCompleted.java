package dev.skein.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * memory-service → gateway: the reply is stored as the assistant message at
 * {@code sequence}.
 */
public record TurnCompleted(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
        UUID messageId, long sequence, String content, String generatedBy, List<Evidence> evidence,
        Usage usage) implements SkeinEvent {
}
