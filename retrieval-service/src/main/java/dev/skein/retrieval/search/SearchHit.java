package dev.skein.retrieval.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;

/**
 * One memory found by a search.
 *
 * @param speaker who said it, for a turn; null for windows and summaries
 * @param score the fused score in z units (dense and BM25 z-scores, boosts, neighbour
 * smoothing): higher is better, comparable within one search only
 * @param tokenCount cl100k_base tokens of the text, counted when the memory was indexed
 */
public record SearchHit(UUID memoryId, String kind, String speaker, String text, double score, List<String> externalIds,
        List<UUID> messageIds, long firstSequence, long lastSequence, Instant createdAt, int tokenCount) {

    public Evidence toEvidence() {
        return new Evidence(this.memoryId, this.kind, this.speaker, this.text, this.score, this.externalIds,
                this.messageIds, this.firstSequence, this.lastSequence, this.createdAt);
    }

    SearchHit withScore(double newScore) {
        return new SearchHit(this.memoryId, this.kind, this.speaker, this.text, newScore, this.externalIds,
                this.messageIds, this.firstSequence, this.lastSequence, this.createdAt, this.tokenCount);
    }
}
