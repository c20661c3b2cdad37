package dev.skein.memory.salience;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words of a text for the unigram model: lowercased, without stop words (a small fixed
 * English list), plus adjacent capitalised word pairs ("Golden Gate") as phrases.
 */
public final class Terms {

    /**
     * Small fixed English stop-word list shared by everything that picks words from text.
     */
    public static final Set<String> STOP_WORDS = Set.of("a", "about", "above", "after", "again", "against", "all",
            "also", "am", "an", "and", "any", "are", "aren't", "as", "at", "be", "because", "been", "before", "being",
            "below", "between", "both", "but", "by", "can", "cannot", "could", "couldn't", "did", "didn't", "do",
            "does", "doesn't", "doing", "don't", "down", "during", "each", "else", "ever", "few", "for", "from",
            "further", "get", "got", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he", "her", "here",
            "hers", "herself", "him", "himself", "his", "how", "i", "i'm", "i've", "if", "in", "into", "is", "isn't",
            "it", "it's", "its", "itself", "just", "know", "let", "like", "me", "more", "most", "much", "my", "myself",
            "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "ought", "our", "ours",
            "ourselves", "out", "over", "own", "please", "really", "remember", "same", "say", "said", "she", "should",
            "shouldn't", "so", "some", "such", "tell", "than", "that", "that's", "the", "their", "theirs", "them",
            "themselves", "then", "there", "there's", "these", "they", "thing", "things", "think", "this", "those",
            "through", "to", "too", "under", "until", "up", "us", "very", "want", "was", "wasn't", "we", "were",
            "weren't", "what", "what's", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
            "won't", "would", "wouldn't", "yes", "you", "you're", "your", "yours", "yourself", "yourselves");

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’]*");

    private Terms() {
    }

    /**
     * Every term occurrence of {@code text}, in order (repeats kept: the model counts
     * them).
     */
    static List<String> of(String text) {
        List<String> terms = new ArrayList<>();
        if (text == null) {
            return terms;
        }
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String word = normalise(m.group());
            if (isTerm(word)) {
                terms.add(word);
            }
        }
        return terms;
    }

    /**
     * Adjacent capitalised non-stop words, lowercased and joined by a space ("golden
     * gate").
     */
    static List<String> capitalisedPairs(String text) {
        List<String> pairs = new ArrayList<>();
        if (text == null) {
            return pairs;
        }
        Matcher m = WORD.matcher(text);
        String previous = null;
        int previousEnd = -1;
        while (m.find()) {
            String raw = m.group();
            String word = normalise(raw);
            boolean capital = Character.isUpperCase(raw.charAt(0)) && isTerm(word);
            // only words separated by plain spaces form a name: "Berlin. Paris" is not
            // one
            boolean adjacent = previous != null && text.substring(previousEnd, m.start()).equals(" ");
            if (capital && adjacent) {
                pairs.add(previous + " " + word);
            }
            previous = capital ? word : null;
            previousEnd = m.end();
        }
        return pairs;
    }

    static String normalise(String raw) {
        return raw.toLowerCase(Locale.ROOT).replace('’', '\'').replaceAll("'+$", "");
    }

    static boolean isTerm(String word) {
        return word.length() > 1 && !STOP_WORDS.contains(word);
    }

}
