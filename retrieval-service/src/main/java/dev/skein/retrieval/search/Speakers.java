package dev.skein.retrieval.search;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a query that can name a speaker. A question about a person is answered by
 * what that person said: on the LoCoMo dev pair, when a question of categories 1-4 names
 * one of the two speakers, 96% of its evidence turns are that speaker's own (half of all
 * turns are). The search boosts the turns of a speaker whose name (any word of it) the
 * query holds; it matches against the conversation's own speakers, so nothing but names
 * said in the conversation can match.
 */
final class Speakers {

    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{N}-]*");

    /** A word and a possessive 's after it. */
    private static final Pattern NAME = Pattern.compile("(\\p{L}[\\p{L}\\p{N}-]*)(?:['\u2019]s\\b)?");

    /**
     * A message without a speaker is spoken by its role; a role is no name, and "what did
     * the assistant suggest" must keep its word.
     */
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "tool");

    private Speakers() {
    }

    /**
     * The query without the words that are (part of) a speaker's name, and a possessive
     * 's after them; the query as it is when nothing else would be left.
     */
    static String withoutNames(String query, Collection<String> speakers) {
        if (query == null || speakers.isEmpty()) {
            return query;
        }
        Set<String> names = new HashSet<>();
        for (String speaker : speakers) {
            names.addAll(named(speaker));
        }
        names.removeAll(ROLES);
        StringBuilder kept = new StringBuilder();
        Matcher matcher = NAME.matcher(query);
        int from = 0;
        while (matcher.find()) {
            if (names.contains(matcher.group(1).toLowerCase(Locale.ROOT))) {
                kept.append(query, from, matcher.start());
                from = matcher.end();
            }
        }
        kept.append(query.substring(from));
        String rest = kept.toString().replaceAll("\\s{2,}", " ").strip();
        return named(rest).isEmpty() ? query : rest;
    }

    /** The query's words, lower case, without a possessive 's. */
    static Set<String> named(String query) {
        Set<String> words = new LinkedHashSet<>();
        if (query == null) {
            return words;
        }
        Matcher matcher = WORD.matcher(query);
        while (matcher.find()) {
            String word = matcher.group().toLowerCase(Locale.ROOT);
            if (word.length() > 1) {
                words.add(word);
            }
        }
        return words;
    }

}
