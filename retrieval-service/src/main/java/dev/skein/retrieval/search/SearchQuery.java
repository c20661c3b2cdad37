package dev.skein.retrieval.search;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What one search asks for.
 *
 * @param beforeSequence only memories whose last sequence is below it
 * ({@link MemorySearch#ALL_SEQUENCES} for all)
 * @param asOf when the question is asked: "yesterday" in the query means the day before
 * this
 * @param salience memory id → salience in [0, 1]; those memories get a small boost
 * (empty: none)
 */
public record SearchQuery(String tenantId, String conversationId, String text, int topK, long beforeSequence,
        Instant asOf, Map<UUID, Double> salience) {

    public SearchQuery {
        asOf = asOf == null ? Instant.now() : asOf;
        salience = salience == null ? Map.of() : Map.copyOf(salience);
    }

    /** The same search with these memories' salience instead. */
    public SearchQuery withSalience(Map<UUID, Double> salience) {
        return new SearchQuery(this.tenantId, this.conversationId, this.text, this.topK, this.beforeSequence, this.asOf,
                salience);
    }

    public static SearchQuery of(String tenantId, String conversationId, String text, int topK) {
        return new SearchQuery(tenantId, conversationId, text, topK, MemorySearch.ALL_SEQUENCES, null, null);
    }
}
