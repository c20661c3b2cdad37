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
 * @param conversationId the conversation the memory belongs to: the turn's own, or
 * another conversation of the same user (recall and search with the user scope); null
 * when the producer left it out (the turn's own conversation)
 */
public record Evidence(UUID memoryId, String kind, @Nullable String speaker, String text, double score,
        List<String> externalIds, List<UUID> messageIds, long firstSequence, long lastSequence, Instant createdAt,
        @Nullable String conversationId) {

    public Evidence(UUID memoryId, String kind, @Nullable String speaker, String text, double score,
            List<String> externalIds, List<UUID> messageIds, long firstSequence, long lastSequence, Instant createdAt) {
        this(memoryId, kind, speaker, text, score, externalIds, messageIds, firstSequence, lastSequence, createdAt,
                null);
    }

    /** The same memory, saying which conversation it came from. */
    public Evidence inConversation(String conversationId) {
        return new Evidence(this.memoryId, this.kind, this.speaker, this.text, this.score, this.externalIds,
                this.messageIds, this.firstSequence, this.lastSequence, this.createdAt, conversationId);
    }
}
