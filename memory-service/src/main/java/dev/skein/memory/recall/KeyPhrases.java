package dev.skein.memory.recall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Key phrases of a message for recall. For now the longest distinct words that are not stop
 * words: long words are the rarer ones, a cheap stand-in for the entropy-weighted phrases
 * (SirLLM) that come with salience.
 */
final class KeyPhrases {

    private static final Set<String> STOP_WORDS = Set.of("a", "about", "above", "after", "again", "against", "all",
            "also", "am", "an", "and", "any", "are", "aren't", "as", "at", "be", "because", "been", "before", "being",
            "below", "between", "both", "but", "by", "can", "cannot", "could", "couldn't", "did", "didn't", "do",
            "does", "doesn't", "doing", "don't", "down", "during", "each", "else", "ever", "few", "for", "from",
            "further", "get", "got", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he", "her",
            "here", "hers", "herself", "him", "himself", "his", "how", "i", "i'm", "i've", "if", "in", "into", "is",
            "isn't", "it", "it's", "its", "itself", "just", "know", "let", "like", "me", "more", "most", "much",
            "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "ought",
            "our", "ours", "ourselves", "out", "over", "own", "please", "really", "remember", "same", "say", "said",
            "she", "should", "shouldn't", "so", "some", "such", "tell", "than", "that", "that's", "the", "their",
            "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "thing", "things", "think",
            "this", "those", "through", "to", "too", "under", "until", "up", "us", "very", "want", "was", "wasn't",
            "we", "were", "weren't", "what", "what's", "when", "where", "which", "while", "who", "whom", "why",
            "will", "with", "won't", "would", "wouldn't", "yes", "you", "you're", "your", "yours", "yourself",
            "yourselves");

    private KeyPhrases() {
    }

    static List<String> of(String text, int max) {
        if (text == null || max <= 0) {
            return List.of();
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String raw : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}'’]+")) {
            String word = raw.replace('’', '\'').replaceAll("^'+|'+$", "");
            if (word.length() > 1 && !STOP_WORDS.contains(word)) {
                distinct.add(word);
            }
        }
        List<String> words = new ArrayList<>(distinct);
        // stable: among words of equal length the earlier one wins
        words.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(words.subList(0, Math.min(max, words.size())));
    }
}
