package dev.skein.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * memory-service → retrieval-service: a memory chunk to index (a turn, a window of turns or a
 * summary). Indexing upserts on {@code memoryId}, so a redelivery changes nothing.
 *
 * @param conversationUid the conversation's internal id; a deleted and re-created conversation
 *        gets a new one, so late events of the deleted one can be recognised and dropped
 * @param lastSequence the stream position this memory reaches; the index's watermark
 */
public record MemoryRecorded(UUID eventId, Instant occurredAt, String tenantId, String conversationId,
        UUID conversationUid, UUID memoryId, String kind, String role, String speaker, String text,
        List<UUID> messageIds, List<String> externalIds, long firstSequence, long lastSequence,
        Instant createdAt) implements SkeinEvent {
}
