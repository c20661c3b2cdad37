package dev.skein.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * retrieval-service → generation-service: everything the prompt of one turn is built
 * from.
 */
public record EvidenceRetrieved(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
        FlashTurn userTurn, List<FlashTurn> flash, List<Evidence> evidence, long historyTokens, boolean stream,
        @Nullable Sampling sampling) implements ConversationScoped {

    public EvidenceRetrieved(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
            FlashTurn userTurn, List<FlashTurn> flash, List<Evidence> evidence, long historyTokens, boolean stream) {
        this(eventId, occurredAt, tenantId, conversationId, turnId, userTurn, flash, evidence, historyTokens, stream,
                null);
    }
}
