package dev.skein.gateway.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;

/**
 * A memory as the public API shows it, in search results and as the evidence of a reply.
 */
public record RecalledMemory(UUID memoryId, String text, double score, String kind, List<String> externalIds,
        Instant createdAt) {

    public static RecalledMemory of(Evidence evidence) {
        return new RecalledMemory(evidence.memoryId(), evidence.text(), evidence.score(), evidence.kind(),
                evidence.externalIds() == null ? List.of() : evidence.externalIds(), evidence.createdAt());
    }

    public static List<RecalledMemory> of(List<Evidence> evidence) {
        return evidence == null ? List.of() : evidence.stream().map(RecalledMemory::of).toList();
    }
}
