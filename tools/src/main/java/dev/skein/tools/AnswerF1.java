package dev.skein.tools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Token F1 of an answer against the gold answer, as QA benchmarks score it: both
 * lower-cased, punctuation and the articles dropped, then the overlap of the two bags of
 * words. Strict on purpose: a right answer in other words scores low, which is why the
 * judge exists.
 */
final class AnswerF1 {

    private static final Set<String> DROPPED = Set.of("a", "an", "the", "and");

    private AnswerF1() {
    }

    static double score(String answer, String gold) {
        List<String> predicted = tokens(answer);
        List<String> expected = tokens(gold);
        if (predicted.isEmpty() || expected.isEmpty()) {
            return predicted.equals(expected) ? 1 : 0;
        }
        Map<String, Integer> left = new HashMap<>();
        expected.forEach(token -> left.merge(token, 1, Integer::sum));
        int common = 0;
        for (String token : predicted) {
            Integer count = left.get(token);
            if (count != null && count > 0) {
                left.put(token, count - 1);
                common++;
            }
        }
        if (common == 0) {
            return 0;
        }
        double precision = (double) common / predicted.size();
        double recall = (double) common / expected.size();
        return 2 * precision * recall / (precision + recall);
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && !DROPPED.contains(word)) {
                tokens.add(word);
            }
        }
        return tokens;
    }

}
