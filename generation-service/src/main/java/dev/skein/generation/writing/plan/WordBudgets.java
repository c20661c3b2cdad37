package dev.skein.generation.writing.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Scales proposed section lengths so that they add up to the target exactly
 * (largest-remainder rounding). Models rarely make their budgets add up, and a plan that
 * does not is off target before a word is written.
 */
final class WordBudgets {

    private WordBudgets() {
    }

    /**
     * @param proposed the model's lengths, in order; a missing (null) or non-positive one
     * counts as the rounded mean of the others (1 when none is usable)
     * @return budgets in the same order, proportional to the proposals, adding up to
     * {@code target}
     */
    static List<Integer> normalise(List<Integer> proposed, int target) {
        if (proposed.isEmpty()) {
            throw new IllegalArgumentException("no sections");
        }
        long usableSum = 0;
        int usable = 0;
        for (Integer words : proposed) {
            if (words != null && words > 0) {
                usableSum += words;
                usable++;
            }
        }
        long fill = usable == 0 ? 1 : Math.max(1, Math.round((double) usableSum / usable));
        List<Long> weights = proposed.stream().map(words -> words != null && words > 0 ? (long) words : fill).toList();
        long total = weights.stream().mapToLong(Long::longValue).sum();
        List<Integer> budgets = new ArrayList<>();
        long[] remainders = new long[weights.size()];
        int assigned = 0;
        for (int i = 0; i < weights.size(); i++) {
            long share = (long) target * weights.get(i);
            budgets.add((int) (share / total));
            remainders[i] = share % total;
            assigned += budgets.get(i);
        }
        // the words lost to rounding down go to the largest remainders, the earlier
        // section first on a tie
        List<Integer> order = IntStream.range(0, weights.size())
            .boxed()
            .sorted(Comparator.<Integer>comparingLong(i -> remainders[i]).reversed().thenComparing(i -> i))
            .toList();
        for (int k = 0; k < target - assigned; k++) {
            int i = order.get(k % order.size());
            budgets.set(i, budgets.get(i) + 1);
        }
        return List.copyOf(budgets);
    }

}
