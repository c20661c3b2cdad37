package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

/** gateway → memory-service: a user message that wants a reply. */
public record TurnRequested(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
        MessageInput message, boolean stream) implements ConversationScoped {
}
