package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * generation-service → gateway: one streamed piece of a reply; {@code index} starts at 0.
 */
public record ReplyDelta(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
        int index, String text) implements ConversationScoped {
}
