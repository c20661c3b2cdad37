package dev.skein.memory.stream;

import java.util.List;
import java.util.UUID;

/**
 * What the index should know of a stored message besides its text: its key phrases (extra index
 * keys, LongMemEval) and the older memories it restates with something new (knowledge updates).
 */
public record MessageNotes(List<String> keyPhrases, List<UUID> supersedes) {

    public static final MessageNotes NONE = new MessageNotes(List.of(), List.of());

    public MessageNotes {
        keyPhrases = List.copyOf(keyPhrases);
        supersedes = List.copyOf(supersedes);
    }
}
