package dev.skein.retrieval.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Knowledge updates: when a later turn restates an older one with something new ("I moved
 * to Lisbon" after "I live in Berlin", as the memory-service decides), the newer turn
 * ranks right above the older one, and both stay in the results with their dates.
 */
final class KnowledgeUpdates {

    private KnowledgeUpdates() {
    }

    /**
     * @param ranked search hits, best first
     * @param newer for an older memory, the newest memory that supersedes it
     * @param updates the superseding memories by id (those in {@code ranked} and those
     * fetched for it)
     * @return the hits with every superseding memory placed right above the memory it
     * supersedes (scored as high), unless it already ranks higher; scores stay
     * non-increasing
     */
    static List<SearchHit> newerFirst(List<SearchHit> ranked, Map<UUID, UUID> newer, Map<UUID, SearchHit> updates) {
        if (newer.isEmpty()) {
            return ranked;
        }
        List<SearchHit> out = new ArrayList<>(ranked.size() + newer.size());
        Set<UUID> placed = new HashSet<>();
        for (SearchHit hit : ranked) {
            place(hit, hit.score(), newer, updates, placed, out);
        }
        return out;
    }

    /**
     * Adds {@code hit} with {@code score}, preceded by what supersedes it when that is
     * not placed yet.
     */
    private static void place(SearchHit hit, double score, Map<UUID, UUID> newer, Map<UUID, SearchHit> updates,
            Set<UUID> placed, List<SearchHit> out) {
        if (!placed.add(hit.memoryId())) {
            return;
        }
        UUID update = newer.get(hit.memoryId());
        SearchHit newerHit = update == null ? null : updates.get(update);
        if (newerHit != null && !placed.contains(update)) {
            place(newerHit, Math.max(newerHit.score(), score), newer, updates, placed, out);
        }
        out.add(hit.score() == score ? hit : hit.withScore(score));
    }

}
