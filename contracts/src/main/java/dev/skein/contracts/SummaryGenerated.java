package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

/** generation-service → memory-service: the summary of a {@link SummaryRequested}. */
public record SummaryGenerated(UUID eventId, Instant occurredAt, String tenantId, String conversationId,
        UUID conversationUid, UUID summaryId, String content, String generatedBy) implements ConversationScoped {
}
