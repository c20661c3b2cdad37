package dev.skein.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One recalled memory: the chunk's id, its text as stored, the fused score, and the ids
 * of the messages it came from, so that a reply can always be traced back to what the
 * user said.
 *
 * @param kind turn, window, excerpt (a run of turns merged from overlapping results),
 * summary or fact
 * @param speaker who said it, for a turn; null for windows and summaries, whose text
 * names speakers
 */
public record Evidence(UUID memoryId, String kind, @Nullable String speaker, String text, double score,
        List<String> externalIds, List<UUID> messageIds, long firstSequence, long lastSequence, Instant createdAt) {
}
