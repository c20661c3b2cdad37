package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * gateway → memory-service: a user message that wants a reply.
 *
 * @param userId the user the conversation belongs to (the first message of a conversation
 * may set it; another user for a conversation that has one is a conflict), or null
 */
public record TurnRequested(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
        MessageInput message, boolean stream, @Nullable Sampling sampling,
        @Nullable String userId) implements ConversationScoped {

    public TurnRequested(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
            MessageInput message, boolean stream, @Nullable Sampling sampling) {
        this(eventId, occurredAt, tenantId, conversationId, turnId, message, stream, sampling, null);
    }

    public TurnRequested(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
            MessageInput message, boolean stream) {
        this(eventId, occurredAt, tenantId, conversationId, turnId, message, stream, null);
    }
}
