package dev.skein.retrieval.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Ranked results in which each turn appears at most once. A turn or window shows only the
 * turns that better results do not show yet: one whose turns are all shown is dropped, a
 * window that shows some of them is cut to the rest (kind {@code excerpt}). A summary or
 * fact is kept only for turns that no turn or window shows, and a summary only with the
 * lines (sentences of its turns) that no turn or window shows. Results keep their ranks:
 * merging a good turn with its weaker neighbours instead would spend the token budget on
 * the neighbours first (measured: recall inside 1,000 tokens fell on the dev pair).
 */
final class Excerpts {

    static final String KIND = "excerpt";

    private Excerpts() {
    }

    /**
     * @param ranked results, best first
     * @param topK most results to return
     * @param turns the indexed turns of the given sequences, for a window cut to its new
     * turns (one lookup per search, and only then)
     */
    static List<SearchHit> distinct(List<SearchHit> ranked, int topK,
            Function<Collection<Long>, Map<Long, SearchHit>> turns) {
        List<Object> results = new ArrayList<>();
        Set<Long> shownTurns = new HashSet<>();
        Set<String> shownIds = new HashSet<>();
        Set<Long> toLookUp = new TreeSet<>();
        for (SearchHit hit : ranked) {
            if (results.size() == topK) {
                break;
            }
            if (isRun(hit)) {
                List<Long> fresh = new ArrayList<>();
                for (long sequence = hit.firstSequence(); sequence <= hit.lastSequence(); sequence++) {
                    if (!shownTurns.contains(sequence)) {
                        fresh.add(sequence);
                    }
                }
                if (fresh.isEmpty()) {
                    continue;
                }
                if (fresh.size() == hit.lastSequence() - hit.firstSequence() + 1) {
                    results.add(hit);
                }
                else {
                    results.add(new Cut(hit, fresh));
                    toLookUp.addAll(fresh);
                }
                shownTurns.addAll(fresh);
                shownIds.addAll(hit.externalIds());
            }
            else if (hit.externalIds().isEmpty() || !shownIds.containsAll(hit.externalIds())) {
                results.add(hit);
                shownIds.addAll(hit.externalIds());
            }
        }
        // a summary kept early may have had all its turns shown by turns ranked after it
        Set<String> inTurns = new HashSet<>();
        for (Object result : results) {
            if (result instanceof Cut cut) {
                inTurns.addAll(cut.hit.externalIds());
            }
            else if (isRun((SearchHit) result)) {
                inTurns.addAll(((SearchHit) result).externalIds());
            }
        }
        Map<Long, SearchHit> texts = toLookUp.isEmpty() ? Map.of() : turns.apply(toLookUp);
        List<SearchHit> distinct = new ArrayList<>(results.size());
        StringBuilder shown = new StringBuilder();
        for (Object result : results) {
            SearchHit hit = result instanceof Cut cut ? cut.toHit(texts) : (SearchHit) result;
            if (hit != null && (isRun(hit) || Excerpts.KIND.equals(hit.kind()))) {
                shown.append(hit.text()).append('\n');
            }
        }
        for (Object result : results) {
            if (result instanceof Cut cut) {
                SearchHit excerpt = cut.toHit(texts);
                if (excerpt != null) {
                    distinct.add(excerpt);
                }
            }
            else {
                SearchHit hit = (SearchHit) result;
                if (isRun(hit)) {
                    distinct.add(hit);
                }
                else if (hit.externalIds().isEmpty() || !inTurns.containsAll(hit.externalIds())) {
                    SearchHit rest = unshown(hit, shown.toString());
                    if (rest != null) {
                        distinct.add(rest);
                    }
                }
            }
        }
        return distinct;
    }

    /**
     * A summary without the lines whose sentence a shown turn or window says already
     * (extractive summaries are "speaker: sentence" lines taken from the turns); null
     * when nothing is left. Other kinds as they are.
     */
    static SearchHit unshown(SearchHit hit, String shown) {
        if (!"summary".equals(hit.kind()) || shown.isEmpty()) {
            return hit;
        }
        List<String> kept = new ArrayList<>();
        String[] lines = hit.text().split("\\R");
        for (String line : lines) {
            int colon = line.indexOf(": ");
            String sentence = (colon > 0 ? line.substring(colon + 2) : line).strip();
            if (!sentence.isEmpty() && !shown.contains(sentence)) {
                kept.add(line);
            }
        }
        if (kept.size() == lines.length) {
            return hit;
        }
        if (kept.isEmpty()) {
            return null;
        }
        String text = String.join("\n", kept);
        // tokens in proportion to the characters kept: the count is a budget estimate
        int tokens = (int) Math.ceil((double) hit.tokenCount() * text.length() / Math.max(1, hit.text().length()));
        return new SearchHit(hit.memoryId(), hit.kind(), hit.speaker(), text, hit.score(), hit.externalIds(),
                hit.messageIds(), hit.firstSequence(), hit.lastSequence(), hit.createdAt(), tokens);
    }

    /**
     * An excerpt of turns in stream order, as "speaker: text" lines with all their source
     * ids, under the id and score of {@code rankedAs}; null when there is no turn.
     */
    static SearchHit excerpt(SearchHit rankedAs, List<SearchHit> turns) {
        if (turns.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        Set<String> externalIds = new LinkedHashSet<>();
        List<UUID> messageIds = new ArrayList<>();
        int tokens = 0;
        for (SearchHit turn : turns) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(turn.speaker() == null || turn.speaker().isBlank() ? "" : turn.speaker() + ": ")
                .append(turn.text());
            externalIds.addAll(turn.externalIds());
            messageIds.addAll(turn.messageIds());
            tokens += turn.tokenCount() + 1;
        }
        SearchHit first = turns.get(0);
        SearchHit latest = turns.get(turns.size() - 1);
        return new SearchHit(rankedAs.memoryId(), KIND, null, text.toString(), rankedAs.score(),
                List.copyOf(externalIds), List.copyOf(messageIds), first.firstSequence(), latest.lastSequence(),
                latest.createdAt(), tokens);
    }

    /** Turns and windows are runs of consecutive turns; a summary or a fact is not. */
    private static boolean isRun(SearchHit hit) {
        return ("turn".equals(hit.kind()) || "window".equals(hit.kind())) && hit.lastSequence() >= hit.firstSequence();
    }

    /** A window cut to the turns that better results do not show. */
    private record Cut(SearchHit hit, List<Long> sequences) {

        /** The remaining turns as "speaker: text" lines, or null when none is indexed. */
        SearchHit toHit(Map<Long, SearchHit> turns) {
            List<SearchHit> kept = new ArrayList<>();
            for (long sequence : this.sequences) {
                SearchHit turn = turns.get(sequence);
                // null: not indexed (an extractive reply), or erased meanwhile
                if (turn != null) {
                    kept.add(turn);
                }
            }
            return excerpt(this.hit, kept);
        }

    }

}
