package dev.skein.retrieval.recall;

import java.util.ArrayList;
import java.util.List;

import dev.skein.retrieval.search.SearchHit;

/**
 * Fits recalled memories into what is left of a turn's context budget (SCM: 2,500 tokens
 * of memory per turn, flash memory first). The best-scored memories that fit are kept,
 * skipping any that would overflow in favour of smaller, lower-ranked ones. They stay
 * best first (a knowledge update above what it updates); the generation-service puts them
 * in the order they were said when it builds the prompt, which is how a conversation
 * reads.
 */
final class EvidenceBudget {

    private EvidenceBudget() {
    }

    /**
     * @param ranked search hits, best first
     * @param limit most memories to keep
     * @param tokenBudget most cl100k_base tokens of memory text in total
     */
    static List<SearchHit> select(List<SearchHit> ranked, int limit, int tokenBudget) {
        List<SearchHit> kept = new ArrayList<>(Math.min(limit, ranked.size()));
        long used = 0;
        for (SearchHit hit : ranked) {
            if (kept.size() >= limit) {
                break;
            }
            if (used + hit.tokenCount() <= tokenBudget) {
                kept.add(hit);
                used += hit.tokenCount();
            }
        }
        return kept;
    }

}
