package dev.skein.retrieval.indexing;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a short statement names, by kind: names and places (capitalised words inside
 * a sentence), numbers, dates (years, months, weekdays). Two statements about the same
 * attribute that name different values of one kind ("I live in Berlin." / "I moved to
 * Lisbon.", "My code is 4411." / "The code is 9027 now.") are a knowledge update; a cheap
 * check that keeps embedding similarity alone (same topic, same value, or no value at
 * all) from marking one.
 */
final class StatedValues {

    enum Kind {

        NAME, NUMBER, DATE

    }

    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?;:])\\s+|\\R");

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");

    private static final Pattern YEAR = Pattern.compile("(?:1[89]|20)\\d\\d");

    private static final Set<String> MONTHS_AND_DAYS = Set.of("january", "february", "march", "april", "may", "june",
            "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday",
            "thursday", "friday", "saturday", "sunday");

    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(Map.entry("one", "1"), Map.entry("two", "2"),
            Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"),
            Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"),
            Map.entry("eleven", "11"), Map.entry("twelve", "12"), Map.entry("twenty", "20"), Map.entry("thirty", "30"),
            Map.entry("forty", "40"), Map.entry("fifty", "50"), Map.entry("hundred", "100"));

    /** Capitalised words that are not names: the pronoun and its contractions. */
    private static final Set<String> NOT_NAMES = Set.of("i", "i'm", "i’m", "i've", "i’ve", "i'll", "i’ll", "i'd", "i’d",
            "ok", "okay");

    private StatedValues() {
    }

    /**
     * Whether {@code newer} names another value of a kind that {@code older} names too,
     * and {@code older} one that {@code newer} no longer names.
     */
    static boolean changed(String older, String newer) {
        Map<Kind, Set<String>> before = of(older);
        Map<Kind, Set<String>> after = of(newer);
        for (Kind kind : Kind.values()) {
            Set<String> was = before.getOrDefault(kind, Set.of());
            Set<String> is = after.getOrDefault(kind, Set.of());
            if (!was.isEmpty() && !is.isEmpty() && !was.containsAll(is) && !is.containsAll(was)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a text names any value at all (no value, nothing can change). */
    static boolean namesAValue(String text) {
        return !of(text).isEmpty();
    }

    static Map<Kind, Set<String>> of(String text) {
        Map<Kind, Set<String>> values = new EnumMap<>(Kind.class);
        if (text == null) {
            return values;
        }
        for (String sentence : SENTENCE.split(text.strip())) {
            Matcher words = WORD.matcher(sentence);
            int index = 0;
            while (words.find()) {
                String word = words.group();
                String lower = word.toLowerCase(Locale.ROOT);
                boolean first = index++ == 0;
                if (!first && Character.isUpperCase(word.charAt(0)) && addressed(sentence, words)) {
                    continue;
                }
                if (YEAR.matcher(word).matches() || MONTHS_AND_DAYS.contains(lower)) {
                    add(values, Kind.DATE, lower);
                }
                else if (NUMBER.matcher(word).matches()) {
                    add(values, Kind.NUMBER, word.replace(",", ""));
                }
                else if (NUMBER_WORDS.containsKey(lower)) {
                    add(values, Kind.NUMBER, NUMBER_WORDS.get(lower));
                }
                // the first word of a sentence is capitalised whatever it is
                else if (!first && Character.isUpperCase(word.charAt(0)) && !NOT_NAMES.contains(lower)) {
                    add(values, Kind.NAME, lower);
                }
            }
        }
        return values;
    }

    /**
     * Whether the name at the matcher is the person spoken to ("Thanks, Mel!", "Wow, Mel,
     * ...", "Hey Ana!"): chat turns address the other speaker by name all the time, and
     * that name is no value of what they say. A name after a comma or followed by a comma
     * or an exclamation mark is taken as such.
     */
    private static boolean addressed(String sentence, Matcher word) {
        String before = sentence.substring(0, word.start()).stripTrailing();
        String after = sentence.substring(word.end()).stripLeading();
        return before.endsWith(",") || after.startsWith(",") || after.startsWith("!");
    }

    private static void add(Map<Kind, Set<String>> values, Kind kind, String value) {
        values.computeIfAbsent(kind, k -> new HashSet<>()).add(value);
    }

}
