package dev.skein.retrieval.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reciprocal Rank Fusion (Cormack et al., 2009): score(d) = Σ 1 / (k + rank(d)) over the rankings
 * that contain d, ranks starting at 1. It needs no calibration between a cosine distance and a
 * BM25 score, which live on unrelated scales.
 */
final class ReciprocalRankFusion {

    /** The constant of the paper; it damps the weight of the very first ranks. */
    static final int K = 60;

    private ReciprocalRankFusion() {
    }

    /**
     * Ties go to the memory with the better single rank, then to the earlier ranking (the dense
     * one comes first), so the order is fully deterministic.
     */
    static List<Fused> fuse(List<List<UUID>> rankings, int k, int limit) {
        Map<UUID, Accumulator> scores = new LinkedHashMap<>();
        for (List<UUID> ranking : rankings) {
            for (int i = 0; i < ranking.size(); i++) {
                int rank = i + 1;
                scores.computeIfAbsent(ranking.get(i), id -> new Accumulator()).add(k, rank);
            }
        }
        List<Map.Entry<UUID, Accumulator>> entries = new ArrayList<>(scores.entrySet());
        // List.sort is stable: what is still tied keeps the order of first appearance.
        entries.sort(Comparator.<Map.Entry<UUID, Accumulator>>comparingDouble(e -> -e.getValue().score)
                .thenComparingInt(e -> e.getValue().bestRank));
        List<Fused> fused = new ArrayList<>(Math.min(limit, entries.size()));
        for (Map.Entry<UUID, Accumulator> entry : entries) {
            if (fused.size() == limit) {
                break;
            }
            fused.add(new Fused(entry.getKey(), entry.getValue().score));
        }
        return fused;
    }

    record Fused(UUID memoryId, double score) {
    }

    private static final class Accumulator {

        private double score;

        private int bestRank = Integer.MAX_VALUE;

        void add(int k, int rank) {
            this.score += 1.0 / (k + rank);
            this.bestRank = Math.min(this.bestRank, rank);
        }
    }
}
