package dev.skein.retrieval.web;

import java.util.List;

import dev.skein.contracts.Evidence;

/**
 * @param indexedThrough the stream sequence the index had reached when the search ran
 * @param consistent false when the search had to answer before the index reached the watermark
 */
record SearchResponse(List<Evidence> results, long indexedThrough, boolean consistent) {
}
