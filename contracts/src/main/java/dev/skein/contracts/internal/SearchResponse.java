package dev.skein.contracts.internal;

import java.util.List;

import dev.skein.contracts.Evidence;

/**
 * The ranked memories of a search, best first.
 *
 * @param indexedThrough the stream sequence the index had reached when the search ran
 * @param consistent false when the search had to answer before the index reached the
 * watermark
 */
public record SearchResponse(List<Evidence> results, long indexedThrough, boolean consistent) {
}
