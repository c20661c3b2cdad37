package dev.skein.retrieval.search;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The indexed turns of one conversation that a search's excerpts and a recall's merged
 * runs show, by sequence, each sequence read at most once a search. A recall merges its
 * chosen memories again for every wider selection it tries, each time over turns it read
 * before (seven look-ups of one turn's recall, each a round trip); the turns a search
 * returned among its hits are known without one.
 */
public final class TurnTexts {

    private final Function<Collection<Long>, Map<Long, SearchHit>> lookUp;

    private final Map<Long, SearchHit> known = new HashMap<>();

    /** Sequences read or returned: a turn not in {@link #known} is not indexed. */
    private final Set<Long> read = new HashSet<>();

    /**
     * @param lookUp the indexed turns of the given sequences, by sequence (missing: not
     * indexed)
     */
    TurnTexts(Function<Collection<Long>, Map<Long, SearchHit>> lookUp) {
        this.lookUp = lookUp;
    }

    /**
     * Remembers the turns among a search's rows (the same columns a look-up reads; a
     * turn's first and last sequence are its own).
     */
    void add(Collection<SearchHit> rows) {
        for (SearchHit row : rows) {
            if ("turn".equals(row.kind()) && row.firstSequence() == row.lastSequence()) {
                this.known.put(row.firstSequence(), row.withScore(0));
                this.read.add(row.firstSequence());
            }
        }
    }

    /**
     * The indexed turns of the given sequences, by sequence; reads only those not read
     * before, in one statement.
     */
    Map<Long, SearchHit> of(Collection<Long> sequences) {
        List<Long> unread = sequences.stream().filter(sequence -> !this.read.contains(sequence)).toList();
        if (!unread.isEmpty()) {
            this.known.putAll(this.lookUp.apply(unread));
            this.read.addAll(unread);
        }
        Map<Long, SearchHit> turns = new HashMap<>();
        for (Long sequence : sequences) {
            SearchHit turn = this.known.get(sequence);
            if (turn != null) {
                turns.put(sequence, turn);
            }
        }
        return turns;
    }

}
