package dev.skein.retrieval.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;

/**
 * One memory found by a search.
 *
 * @param score the fused (RRF) score: higher is better, comparable within one search only
 * @param tokenCount cl100k_base tokens of the text, counted when the memory was indexed
 */
public record SearchHit(UUID memoryId, String kind, String text, double score, List<String> externalIds,
        List<UUID> messageIds, long firstSequence, long lastSequence, Instant createdAt, int tokenCount) {

    public Evidence toEvidence() {
        return new Evidence(this.memoryId, this.kind, null, this.text, this.score, this.externalIds, this.messageIds,
                this.firstSequence, this.lastSequence, this.createdAt);
    }
}
