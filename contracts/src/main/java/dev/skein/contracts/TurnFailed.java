package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Any service → gateway: a turn cannot be answered. {@code reason} is safe to show a
 * client; internals go to the service's log under the same correlation id.
 *
 * @param problem the public problem type when the failure is the client's own request,
 * e.g. {@code conflict} (its external id names another message); null for every other
 * failure, which the gateway answers as {@code turn-failed}
 * @param field the request field the problem is about, e.g. {@code externalId}
 */
public record TurnFailed(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
        String stage, String reason, @Nullable String problem, @Nullable String field) implements ConversationScoped {

    /** A failure that is not the client's request: answered as {@code turn-failed}. */
    public TurnFailed(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
            String stage, String reason) {
        this(eventId, occurredAt, tenantId, conversationId, turnId, stage, reason, null, null);
    }

}
