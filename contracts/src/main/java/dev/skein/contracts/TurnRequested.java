package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** gateway → memory-service: a user message that wants a reply. */
public record TurnRequested(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
        MessageInput message, boolean stream, @Nullable Sampling sampling) implements ConversationScoped {

    public TurnRequested(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
            MessageInput message, boolean stream) {
        this(eventId, occurredAt, tenantId, conversationId, turnId, message, stream, null);
    }
}
