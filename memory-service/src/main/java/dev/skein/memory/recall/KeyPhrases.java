package dev.skein.memory.recall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.skein.platform.text.Words;

/**
 * Key phrases of a message for recall. For now the longest distinct words that are not
 * stop words: long words are the rarer ones, a cheap stand-in for the entropy-weighted
 * phrases (SirLLM) that come with salience.
 */
final class KeyPhrases {

    private KeyPhrases() {
    }

    static List<String> of(String text, int max) {
        if (text == null || max <= 0) {
            return List.of();
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String raw : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}'’]+")) {
            String word = raw.replace('’', '\'').replaceAll("^'+|'+$", "");
            if (word.length() > 1 && !Words.STOP_WORDS.contains(word)) {
                distinct.add(word);
            }
        }
        List<String> words = new ArrayList<>(distinct);
        // stable: among words of equal length the earlier one wins
        words.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(words.subList(0, Math.min(max, words.size())));
    }

}
