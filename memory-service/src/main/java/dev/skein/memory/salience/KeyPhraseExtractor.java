package dev.skein.memory.salience;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.skein.contracts.TokenLogprob;

/**
 * SirLLM's key phrases: a message's distinct terms and capitalised pairs ranked by the
 * information they carry, top {@value #TOP}. A pair weighs the mean of its words, so it
 * is comparable with single words.
 */
final class KeyPhraseExtractor {

    static final int TOP = 8;

    private KeyPhraseExtractor() {
    }

    /** Terms and pairs of a text, distinct, in order of appearance. */
    static List<String> candidates(String text) {
        Set<String> distinct = new LinkedHashSet<>(Terms.capitalisedPairs(text));
        distinct.addAll(Terms.of(text));
        return new ArrayList<>(distinct);
    }

    /** Ranked by self-information under the model; ties keep the order of appearance. */
    static List<KeyPhrase> rank(String text, UnigramModel model) {
        List<KeyPhrase> phrases = new ArrayList<>();
        for (String candidate : candidates(text)) {
            double sum = 0;
            String[] words = candidate.split(" ");
            for (String word : words) {
                sum += model.information(word);
            }
            phrases.add(new KeyPhrase(candidate, sum / words.length));
        }
        return top(phrases);
    }

    /**
     * Ranked by the LLM's surprise: a phrase weighs the mean −logprob of the tokens that
     * overlap its first occurrence in the reply. Phrases no token covers are left out.
     */
    static List<KeyPhrase> rankByLogprobs(String text, List<TokenLogprob> logprobs) {
        StringBuilder joined = new StringBuilder();
        int[] starts = new int[logprobs.size()];
        for (int i = 0; i < logprobs.size(); i++) {
            starts[i] = joined.length();
            joined.append(logprobs.get(i).token() == null ? "" : logprobs.get(i).token());
        }
        String haystack = joined.toString().toLowerCase(Locale.ROOT).replace('’', '\'');
        List<KeyPhrase> phrases = new ArrayList<>();
        for (String candidate : candidates(text)) {
            int at = haystack.indexOf(candidate);
            if (at < 0) {
                continue;
            }
            int end = at + candidate.length();
            double sum = 0;
            int n = 0;
            for (int i = 0; i < starts.length; i++) {
                int tokenEnd = i + 1 < starts.length ? starts[i + 1] : haystack.length();
                if (starts[i] < end && tokenEnd > at) {
                    sum += -logprobs.get(i).logprob();
                    n++;
                }
            }
            if (n > 0) {
                phrases.add(new KeyPhrase(candidate, sum / n));
            }
        }
        return top(phrases);
    }

    private static List<KeyPhrase> top(List<KeyPhrase> phrases) {
        // List.sort is stable: equal weights keep the order of appearance
        phrases.sort(Comparator.comparingDouble(KeyPhrase::weight).reversed());
        return List.copyOf(phrases.subList(0, Math.min(TOP, phrases.size())));
    }

}
