package dev.skein.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer of {@code memory:search}.
 *
 * @param results the hits, best first
 * @param consistent whether the index had caught up with the watermark asked for
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SearchResult(List<Memory> results, boolean consistent) {

    public SearchResult {
        results = results == null ? List.of() : List.copyOf(results);
    }

}
