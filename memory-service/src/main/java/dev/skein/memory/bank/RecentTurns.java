package dev.skein.memory.bank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.skein.memory.stream.StoredMessage;

/**
 * The messages of one append and the few stored before them that a window may reach back
 * to, by sequence: most windows and segments of an append are built from these without
 * reading again.
 */
final class RecentTurns {

    private final Map<Long, StoredMessage> bySequence = new HashMap<>();

    RecentTurns(List<StoredMessage> before, List<StoredMessage> fresh) {
        for (StoredMessage m : before) {
            this.bySequence.put(m.sequence(), m);
        }
        for (StoredMessage m : fresh) {
            this.bySequence.put(m.sequence(), m);
        }
    }

    /** The message at {@code sequence}, or null when it is not at hand. */
    StoredMessage at(long sequence) {
        return this.bySequence.get(sequence);
    }

    /**
     * The messages {@code first} to {@code last}, or empty when one of them is not at
     * hand.
     */
    Optional<List<StoredMessage>> between(long first, long last) {
        List<StoredMessage> turns = new ArrayList<>();
        for (long s = first; s <= last; s++) {
            StoredMessage turn = this.bySequence.get(s);
            if (turn == null) {
                return Optional.empty();
            }
            turns.add(turn);
        }
        return Optional.of(turns);
    }

}
