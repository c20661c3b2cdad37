package dev.skein.gateway.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.internal.ScoreParts;

/**
 * A memory as the public API shows it, in search results and as the evidence of a reply.
 *
 * @param explain the score broken into its parts; only in a search asked with
 * {@code "explain": true}
 */
public record RecalledMemory(UUID memoryId, String text, double score, String kind, List<String> externalIds,
        Instant createdAt, @Schema(description = "Only with \"explain\": true; the parts add up to score",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable ScoreParts explain) {

    public static RecalledMemory of(Evidence evidence) {
        return of(evidence, null);
    }

    public static RecalledMemory of(Evidence evidence, @Nullable ScoreParts explain) {
        return new RecalledMemory(evidence.memoryId(), evidence.text(), evidence.score(), evidence.kind(),
                evidence.externalIds() == null ? List.of() : evidence.externalIds(), evidence.createdAt(), explain);
    }

    public static List<RecalledMemory> of(List<Evidence> evidence) {
        return evidence == null ? List.of() : evidence.stream().map(RecalledMemory::of).toList();
    }
}
