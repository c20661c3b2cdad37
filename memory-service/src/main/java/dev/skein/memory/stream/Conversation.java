package dev.skein.memory.stream;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A conversation of one tenant. {@code uid} is internal and new for every (re-)creation,
 * so events of a deleted conversation can be told apart from those of a new one with the
 * same id.
 *
 * @param userId the user of the tenant it belongs to, or null
 * @param userTurns its turn clock, the user messages stored so far, as the statement that
 * read this record left it (the append that stored a message moves it in the same
 * statement); 0 where it was not read (the entity's lookups)
 * @param marks what the append's derived work reads of the row, read by the same
 * statement; null where it was not read (the entity's lookups)
 */
public record Conversation(UUID uid, String tenantId, String conversationId, Instant createdAt, Instant lastActivityAt,
        long lastSequence, long historyTokens, @Nullable String userId, long userTurns, @Nullable Marks marks) {

    public Conversation(UUID uid, String tenantId, String conversationId, Instant createdAt, Instant lastActivityAt,
            long lastSequence, long historyTokens, @Nullable String userId) {
        this(uid, tenantId, conversationId, createdAt, lastActivityAt, lastSequence, historyTokens, userId, 0, null);
    }

    public Conversation(UUID uid, String tenantId, String conversationId, Instant createdAt, Instant lastActivityAt,
            long lastSequence, long historyTokens) {
        this(uid, tenantId, conversationId, createdAt, lastActivityAt, lastSequence, historyTokens, null);
    }

    /**
     * Columns of the conversation's row that the work derived from an append reads under
     * the row lock, returned by the statement that locks or moves the row: each was a
     * round trip of its own on every turn and reply (docs/perf/turn-path-profile.md).
     * Only good for the transaction that read them, before it changes them.
     *
     * @param edits the edit clock ({@link EditClock})
     * @param segmentStart the first sequence of the memory bank's open segment
     * @param segmentsClosed the segments the bank has closed
     */
    public record Marks(long edits, long segmentStart, long segmentsClosed) {
    }

}
