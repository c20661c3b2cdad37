package dev.skein.memory.salience;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.skein.platform.text.Words;

/**
 * Words of a text for the unigram model: lowercased, without stop words (a small fixed
 * English list), plus adjacent capitalised word pairs ("Golden Gate") as phrases.
 */
public final class Terms {

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
        return word.length() > 1 && !Words.STOP_WORDS.contains(word);
    }

}
