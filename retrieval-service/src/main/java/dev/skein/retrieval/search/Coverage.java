package dev.skein.retrieval.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Results chosen for coverage rather than as near-duplicates: walking the ranking, each
 * next result is the one whose score, less {@code penalty} for every result already
 * chosen within {@code radius} turns of it, is highest (a maximal-marginal-relevance
 * re-rank with nearness in the conversation as the similarity). A question whose answer
 * is spread over several sessions ("what activities does she do?") otherwise gets the
 * best exchange and its neighbours first, and the budget is spent before the second
 * session is reached; one exchange still ranks whole when nothing else is close in score.
 * Scores are left as they were; only the order changes.
 */
final class Coverage {

    private Coverage() {
    }

    /**
     * @param ranked hits, best first
     * @param penalty z units taken off per chosen result nearby (0: the ranking as is)
     * @param radius turns apart that count as nearby
     */
    static List<SearchHit> rerank(List<SearchHit> ranked, double penalty, int radius) {
        if (penalty <= 0 || ranked.size() < 3) {
            return ranked;
        }
        List<SearchHit> left = new ArrayList<>(ranked);
        List<SearchHit> chosen = new ArrayList<>(ranked.size());
        while (!left.isEmpty()) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < left.size(); i++) {
                SearchHit hit = left.get(i);
                double score = hit.score() - penalty * nearby(hit, chosen, radius);
                if (score > bestScore) {
                    best = i;
                    bestScore = score;
                }
            }
            chosen.add(left.remove(best));
        }
        return chosen;
    }

    /** Chosen turns and windows near a turn or window; a summary is near nothing. */
    private static int nearby(SearchHit hit, List<SearchHit> chosen, int radius) {
        if (!isRun(hit)) {
            return 0;
        }
        int near = 0;
        for (SearchHit other : chosen) {
            if (isRun(other) && hit.firstSequence() <= other.lastSequence() + radius
                    && other.firstSequence() <= hit.lastSequence() + radius) {
                near++;
            }
        }
        return near;
    }

    private static boolean isRun(SearchHit hit) {
        return "turn".equals(hit.kind()) || "window".equals(hit.kind());
    }

}
