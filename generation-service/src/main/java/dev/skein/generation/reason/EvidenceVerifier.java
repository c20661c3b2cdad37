package dev.skein.generation.reason;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.skein.contracts.Evidence;

/**
 * Keeps only the selected evidence whose quote really is in the memory it names: models
 * quote loosely or invent, and an answer must rest on what was said, not on what the
 * model says was said. A quote counts when it is an exact substring of the memory's text
 * once runs of whitespace are one space on both sides; anything else (paraphrase, other
 * case, other memory) drops the quote, and a memory left without a quote is dropped.
 */
public final class EvidenceVerifier {

    private EvidenceVerifier() {
    }

    /** One selected memory and the span the model quoted from it. */
    public record Selected(String id, String quote) {
    }

    /** A memory with the quotes of it that hold. */
    public record Verified(Evidence evidence, List<String> quotes) {
    }

    /**
     * @param byId the memories the model chose from, by the ids it was shown
     * @return the memories with at least one true quote, in the order the model first
     * named them
     */
    public static List<Verified> verify(List<Selected> selected, Map<String, Evidence> byId) {
        Map<Evidence, List<String>> kept = new LinkedHashMap<>();
        for (Selected item : selected) {
            Evidence evidence = item.id() == null ? null : byId.get(item.id().strip());
            if (evidence == null || !holds(item.quote(), evidence.text())) {
                continue;
            }
            List<String> quotes = kept.computeIfAbsent(evidence, key -> new ArrayList<>());
            String quote = normalize(item.quote());
            if (!quotes.contains(quote)) {
                quotes.add(quote);
            }
        }
        List<Verified> verified = new ArrayList<>();
        kept.forEach((evidence, quotes) -> verified.add(new Verified(evidence, List.copyOf(quotes))));
        return verified;
    }

    /**
     * True when the quote is non-blank and, whitespace normalized, a substring of the
     * text.
     */
    public static boolean holds(String quote, String text) {
        if (quote == null || text == null) {
            return false;
        }
        String needle = normalize(quote);
        return !needle.isEmpty() && normalize(text).contains(needle);
    }

    static String normalize(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

}
