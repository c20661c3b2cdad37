package dev.skein.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * memory-service → generation-service: summarize these turns (a segment, or the summaries
 * of segments for the whole conversation). The summary keeps the ids of the messages it
 * covers.
 *
 * @param level "segment" or "conversation"; "facts" asks for the facts of a window, one
 * per line, answered with the window's id
 * @param text the turns to summarize, one per line as "speaker: text", oldest first
 */
public record SummaryRequested(UUID eventId, Instant occurredAt, String tenantId, String conversationId,
        UUID conversationUid, UUID summaryId, String level, String text, int maxTokens, List<UUID> messageIds,
        List<String> externalIds, long firstSequence, long lastSequence) implements ConversationScoped {
}
