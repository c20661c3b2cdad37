package dev.skein.contracts.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One memory of a conversation, as {@code GET …/memory} shows it and {@code PATCH
 * …/memories/{memoryId}} answers.
 *
 * @param kind turn, window, summary or fact
 * @param content the memory's text as stored (and indexed)
 * @param messageIds the messages it covers (a turn: itself)
 * @param pinned whether its salience is held at or above the pin floor (turns only)
 * @param salience a turn's salience at the current turn, null for other kinds
 * @param reason why it has that salience, null for other kinds
 */
public record MemoryItem(UUID memoryId, String kind, String content, long firstSequence, long lastSequence,
        List<UUID> messageIds, boolean pinned, @Nullable Double salience, @Nullable String reason, Instant createdAt) {
}
