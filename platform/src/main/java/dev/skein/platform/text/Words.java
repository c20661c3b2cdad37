package dev.skein.platform.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Words of English text as Skein's cheap lexical signals take them: one small fixed
 * stop-word list for every service, and content words with a light stemming, so "lives",
 * "lived" and "living" meet "live".
 */
public final class Words {

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

    private Words() {
    }

    /**
     * The content words of {@code text} in order, repeats kept: lowercased, without stop
     * words and one-letter words, each {@link #stem stemmed}.
     */
    public static List<String> contentWords(@Nullable String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String word = m.group().toLowerCase(Locale.ROOT).replace('’', '\'').replaceAll("'+$", "");
            if (word.length() > 1 && !STOP_WORDS.contains(word)) {
                words.add(stem(word.endsWith("'s") ? word.substring(0, word.length() - 2) : word));
            }
        }
        return words;
    }

    /**
     * A light suffix stripping (not Porter's): plural "s", then "ing" or "ed", then a
     * final "e", each only while at least three letters remain. "sisters" → "sister",
     * "lives", "lived", "living" and "live" → "liv"; words of other languages pass mostly
     * unchanged.
     */
    public static String stem(String word) {
        String stem = word;
        if (stem.endsWith("ies") && stem.length() > 4) {
            stem = stem.substring(0, stem.length() - 3) + "y";
        }
        else if (stem.endsWith("s") && !stem.endsWith("ss") && stem.length() > 3) {
            stem = stem.substring(0, stem.length() - 1);
        }
        if (stem.endsWith("ing") && stem.length() > 5) {
            stem = stem.substring(0, stem.length() - 3);
        }
        else if (stem.endsWith("ed") && stem.length() > 4) {
            stem = stem.substring(0, stem.length() - 2);
        }
        if (stem.endsWith("e") && stem.length() > 3) {
            stem = stem.substring(0, stem.length() - 1);
        }
        return stem;
    }

}
