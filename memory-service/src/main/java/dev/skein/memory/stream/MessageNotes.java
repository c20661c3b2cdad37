package dev.skein.memory.stream;

import java.util.List;
import java.util.UUID;

/**
 * What an append noted of a stored message: its key phrases, most informative first (the
 * best of them are extra index keys, LongMemEval), and the older memories it restates
 * with something new (knowledge updates), and the conversation's turn clock (salience's
 * count of user messages) with it, so the turn's recall need not read it again.
 */
public record MessageNotes(List<String> keyPhrases, List<UUID> supersedes, long turn) {

    /** {@link #turn()} when the notes do not know it. */
    public static final long UNKNOWN_TURN = -1;

    /** Key phrases of a turn handed to the index as extra keys. */
    static final int INDEX_KEYS = 5;

    static final MessageNotes NONE = new MessageNotes(List.of(), List.of());

    /** Notes without the turn clock. */
    public MessageNotes(List<String> keyPhrases, List<UUID> supersedes) {
        this(keyPhrases, supersedes, UNKNOWN_TURN);
    }

    public MessageNotes {
        keyPhrases = List.copyOf(keyPhrases);
        supersedes = List.copyOf(supersedes);
    }

    public List<String> indexKeys() {
        return this.keyPhrases.subList(0, Math.min(INDEX_KEYS, this.keyPhrases.size()));
    }
}
