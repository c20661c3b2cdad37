package dev.skein.memory.bank;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A memory of the bank other than a single turn: a window of turns or a summary, always
 * with the ids of the messages it covers.
 *
 * @param level for summaries: "segment" or "conversation"; null for windows
 */
public record BankMemory(UUID id, UUID conversationUid, String kind, String level, String text, long firstSequence,
        long lastSequence, List<UUID> messageIds, List<String> externalIds, Instant createdAt, int tokenCount,
        String generatedBy) {
}
