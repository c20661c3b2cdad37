package dev.skein.retrieval.search;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a natural-language query into {@code to_tsquery} input with OR semantics. An AND
 * query ({@code plainto_tsquery}) matches almost no chat turn for a question; OR lets
 * BM25 rank turns by how much of the question they cover, rare words weighing most.
 *
 * <p>
 * Only letters, combining marks and digits survive, so no character of the query can act
 * as a tsquery operator ({@code & | ! ( ) : * ' < > \}). PostgreSQL stems each word and
 * drops stop words itself.
 */
final class OrQuery {

    /** Bounds the work of one lexical search whatever a client pastes as its query. */
    static final int MAX_TERMS = 64;

    /**
     * Longer "words" are noise (hashes, base64) and PostgreSQL refuses words over 2 KB.
     */
    static final int MAX_TERM_LENGTH = 100;

    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");

    private OrQuery() {
    }

    /** The words joined by {@code |}, or empty when the query has no word at all. */
    static Optional<String> of(String query) {
        if (query == null) {
            return Optional.empty();
        }
        Set<String> terms = new LinkedHashSet<>();
        for (String word : SEPARATORS.split(query.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty() && word.length() <= MAX_TERM_LENGTH && Character.isLetterOrDigit(word.codePointAt(0))) {
                terms.add(word);
                if (terms.size() == MAX_TERMS) {
                    break;
                }
            }
        }
        return terms.isEmpty() ? Optional.empty() : Optional.of(String.join(" | ", terms));
    }

}
