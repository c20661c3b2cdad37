package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * gateway → generation-service: write a long text for this conversation. The gateway
 * answers 202 once this is acknowledged by the broker, so an accepted job is never lost;
 * the generation-service stores it under {@code jobId} (a redelivery is the same job).
 *
 * @param instruction what to write, as the client asked for it
 * @param targetWords the length asked for, in words
 */
public record WritingRequested(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID jobId,
        String instruction, int targetWords) implements ConversationScoped {
}
