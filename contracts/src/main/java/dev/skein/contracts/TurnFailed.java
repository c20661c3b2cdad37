package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * Any service → gateway: a turn cannot be answered. {@code reason} is safe to show a
 * client; internals go to the service's log under the same correlation id.
 */
public record TurnFailed(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
        String stage, String reason) implements SkeinEvent {
}
