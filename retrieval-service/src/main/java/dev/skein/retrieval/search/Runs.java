package dev.skein.retrieval.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Memories chosen for one prompt, with the turns, windows and excerpts that touch each
 * other merged into one excerpt: a contiguous run of turns as "speaker: text" lines, with
 * all their source ids, at the rank of its best part. Each part already shows other turns
 * ({@link Excerpts}); merged, a run reads as the exchange it was instead of scattered
 * pieces, and the model sees one date and one block per exchange. Only what was chosen is
 * merged, so no turn enters the prompt that the budget did not pay for.
 */
final class Runs {

    /**
     * Parts this far apart still touch: one message between them that is not indexed (an
     * extractive reply) does not split an exchange.
     */
    static final int MAX_GAP = 2;

    private Runs() {
    }

    /**
     * @param chosen memories, best first, each turn in at most one of them
     * @param turns the indexed turns of the given sequences, by sequence
     */
    static List<SearchHit> merge(List<SearchHit> chosen, Function<Collection<Long>, Map<Long, SearchHit>> turns) {
        List<SearchHit> runs = chosen.stream().filter(Runs::isRun).toList();
        if (runs.size() < 2) {
            return chosen;
        }
        List<SearchHit> bySequence = new ArrayList<>(runs);
        bySequence.sort(Comparator.comparingLong(SearchHit::firstSequence));
        List<List<SearchHit>> groups = new ArrayList<>();
        long reach = Long.MIN_VALUE;
        for (SearchHit run : bySequence) {
            if (groups.isEmpty() || run.firstSequence() > reach + MAX_GAP) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(run);
            reach = Math.max(reach, run.lastSequence());
        }
        if (groups.size() == runs.size()) {
            return chosen;
        }
        Set<Long> sequences = new TreeSet<>();
        for (List<SearchHit> group : groups) {
            if (group.size() > 1) {
                for (SearchHit part : group) {
                    for (long s = part.firstSequence(); s <= part.lastSequence(); s++) {
                        sequences.add(s);
                    }
                }
            }
        }
        Map<Long, SearchHit> texts = turns.apply(sequences);
        Map<UUID, SearchHit> mergedByPart = new java.util.HashMap<>();
        for (List<SearchHit> group : groups) {
            if (group.size() > 1) {
                SearchHit merged = merged(group, texts);
                if (merged != null) {
                    group.forEach(part -> mergedByPart.put(part.memoryId(), merged));
                }
            }
        }
        List<SearchHit> out = new ArrayList<>(chosen.size());
        Set<UUID> placed = new HashSet<>();
        for (SearchHit hit : chosen) {
            SearchHit merged = mergedByPart.get(hit.memoryId());
            if (merged == null) {
                out.add(hit);
            }
            else if (placed.add(merged.memoryId())) {
                out.add(merged);
            }
        }
        return out;
    }

    /**
     * The group's turns in order; only the turns its parts hold (an excerpt's message ids
     * say which of its range it shows). Null when none is indexed any more.
     */
    private static SearchHit merged(List<SearchHit> group, Map<Long, SearchHit> turns) {
        Set<UUID> held = new HashSet<>();
        SearchHit best = group.get(0);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (SearchHit part : group) {
            held.addAll(part.messageIds());
            if ("turn".equals(part.kind())) {
                held.add(part.memoryId());
            }
            best = part.score() > best.score() ? part : best;
            first = Math.min(first, part.firstSequence());
            last = Math.max(last, part.lastSequence());
        }
        List<SearchHit> kept = new ArrayList<>();
        for (long s = first; s <= last; s++) {
            SearchHit turn = turns.get(s);
            if (turn != null
                    && (held.contains(turn.memoryId()) || turn.messageIds().stream().anyMatch(held::contains))) {
                kept.add(turn);
            }
        }
        return Excerpts.excerpt(best, kept);
    }

    private static boolean isRun(SearchHit hit) {
        return ("turn".equals(hit.kind()) || "window".equals(hit.kind()) || Excerpts.KIND.equals(hit.kind()))
                && hit.lastSequence() >= hit.firstSequence();
    }

}
