package dev.skein.tools;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evidence recall of one ranked result list against a question's gold turn ids. Token
 * budgets count 4 characters of result text as one token, so that bigger chunks cannot
 * buy recall: a result enters the budget only whole.
 */
final class RecallScore {

    record Hit(List<String> externalIds, String text) {
    }

    private RecallScore() {
    }

    static double recallAt(List<Hit> hits, Set<String> gold, int k) {
        return covered(hits.subList(0, Math.min(k, hits.size())), gold) / (double) gold.size();
    }

    static boolean allAt(List<Hit> hits, Set<String> gold, int k) {
        return covered(hits.subList(0, Math.min(k, hits.size())), gold) == gold.size();
    }

    static double reciprocalRank(List<Hit> hits, Set<String> gold) {
        for (int i = 0; i < hits.size(); i++) {
            if (hits.get(i).externalIds().stream().anyMatch(gold::contains)) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    static double recallWithinTokens(List<Hit> hits, Set<String> gold, int budgetTokens) {
        int used = 0;
        int taken = 0;
        for (Hit hit : hits) {
            used += (hit.text().length() + 3) / 4;
            if (used > budgetTokens) {
                break;
            }
            taken++;
        }
        return recallAt(hits, gold, taken);
    }

    private static int covered(List<Hit> hits, Set<String> gold) {
        Set<String> found = new HashSet<>();
        hits.forEach(hit -> hit.externalIds().stream().filter(gold::contains).forEach(found::add));
        return found.size();
    }

}
