package dev.skein.retrieval.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Ranked results in which each turn appears at most once. Turns and windows whose turns
 * overlap merge into one excerpt: a contiguous run of turns, ranked where its best part
 * ranked, with all their source ids. A summary or fact is kept only for turns that no
 * turn or window shows. The same words twice would only spend a turn's token budget on
 * nothing new.
 */
final class Excerpts {

    static final String KIND = "excerpt";

    private Excerpts() {
    }

    /**
     * @param ranked results, best first
     * @param topK most results to return
     * @param turns the indexed turns of the given sequence ranges, for an excerpt that no
     * single result covers whole (one lookup per search, and only then)
     */
    static List<SearchHit> merge(List<SearchHit> ranked, int topK,
            Function<Collection<Run>, Map<Long, SearchHit>> turns) {
        List<Object> results = new ArrayList<>();
        for (SearchHit hit : ranked) {
            if (isRun(hit)) {
                List<Run> overlapping = new ArrayList<>();
                for (Object result : results) {
                    if (result instanceof Run run && run.overlaps(hit)) {
                        overlapping.add(run);
                    }
                }
                if (overlapping.isEmpty()) {
                    if (results.size() < topK) {
                        results.add(new Run(hit));
                    }
                }
                else {
                    Run first = overlapping.get(0);
                    first.add(hit);
                    for (Run other : overlapping.subList(1, overlapping.size())) {
                        first.absorb(other);
                        results.remove(other);
                    }
                }
            }
            else if (results.size() < topK && !covered(hit, results)) {
                results.add(hit);
            }
        }
        // a summary kept early may have had all its turns shown by runs merged after it
        Set<String> inRuns = new HashSet<>();
        results.stream()
            .filter(Run.class::isInstance)
            .forEach(run -> ((Run) run).members.forEach(member -> inRuns.addAll(member.externalIds())));
        results.removeIf(result -> result instanceof SearchHit hit && !hit.externalIds().isEmpty()
                && inRuns.containsAll(hit.externalIds()));
        List<Run> composed = results.stream()
            .filter(Run.class::isInstance)
            .map(Run.class::cast)
            .filter(run -> run.whole() == null)
            .toList();
        Map<Long, SearchHit> texts = composed.isEmpty() ? Map.of() : turns.apply(composed);
        List<SearchHit> merged = new ArrayList<>(results.size());
        for (Object result : results) {
            merged.add(result instanceof Run run ? run.toHit(texts) : (SearchHit) result);
        }
        return merged;
    }

    /** Turns and windows are runs of consecutive turns; a summary or a fact is not. */
    private static boolean isRun(SearchHit hit) {
        return ("turn".equals(hit.kind()) || "window".equals(hit.kind())) && hit.lastSequence() >= hit.firstSequence();
    }

    /** A result whose turns are all shown already (a result without ids never is). */
    private static boolean covered(SearchHit hit, List<Object> results) {
        if (hit.externalIds().isEmpty()) {
            return false;
        }
        Set<String> shown = new HashSet<>();
        for (Object result : results) {
            if (result instanceof Run run) {
                run.members.forEach(member -> shown.addAll(member.externalIds()));
            }
            else {
                shown.addAll(((SearchHit) result).externalIds());
            }
        }
        return shown.containsAll(hit.externalIds());
    }

    /** Results covering one contiguous range of turns, the best first. */
    static final class Run {

        private final List<SearchHit> members = new ArrayList<>();

        private long first;

        private long last;

        Run(SearchHit hit) {
            this.first = hit.firstSequence();
            this.last = hit.lastSequence();
            this.members.add(hit);
        }

        long first() {
            return this.first;
        }

        long last() {
            return this.last;
        }

        /**
         * Shares a turn with the run. Merely consecutive results stay apart: chained,
         * they would swallow a whole dense stretch of a conversation into one result.
         */
        boolean overlaps(SearchHit hit) {
            return hit.firstSequence() <= this.last && hit.lastSequence() >= this.first;
        }

        void add(SearchHit hit) {
            this.members.add(hit);
            this.first = Math.min(this.first, hit.firstSequence());
            this.last = Math.max(this.last, hit.lastSequence());
        }

        void absorb(Run other) {
            other.members.forEach(this::add);
        }

        /** The member that covers the whole run by itself, if any (the best such one). */
        SearchHit whole() {
            for (SearchHit member : this.members) {
                if (member.firstSequence() <= this.first && member.lastSequence() >= this.last) {
                    return member;
                }
            }
            return null;
        }

        SearchHit toHit(Map<Long, SearchHit> turns) {
            SearchHit best = this.members.get(0);
            SearchHit whole = whole();
            if (whole != null) {
                return whole.memoryId().equals(best.memoryId()) ? best : whole.withScore(best.score());
            }
            StringBuilder text = new StringBuilder();
            Set<String> externalIds = new LinkedHashSet<>();
            List<UUID> messageIds = new ArrayList<>();
            int tokens = 0;
            SearchHit latest = null;
            for (long sequence = this.first; sequence <= this.last; sequence++) {
                SearchHit turn = turns.get(sequence);
                if (turn == null) {
                    // not indexed (an extractive reply), or erased meanwhile
                    continue;
                }
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(turn.speaker() == null || turn.speaker().isBlank() ? "" : turn.speaker() + ": ")
                    .append(turn.text());
                externalIds.addAll(turn.externalIds());
                messageIds.addAll(turn.messageIds());
                tokens += turn.tokenCount() + 1;
                latest = turn;
            }
            if (latest == null) {
                return best;
            }
            return new SearchHit(best.memoryId(), KIND, null, text.toString(), best.score(), List.copyOf(externalIds),
                    List.copyOf(messageIds), this.first, this.last, latest.createdAt(), tokens);
        }

    }

}
