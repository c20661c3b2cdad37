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
 * @param conversationId the conversation the memory was said in: the one asked, or
 * another conversation of its user (the user scope)
 * @param explain the score broken into its parts; only in a search asked with
 * {@code "explain": true}
 */
public record RecalledMemory(UUID memoryId, String text, double score, String kind, List<String> externalIds,
        Instant createdAt,
        @Schema(description = "The conversation the memory is from: the one asked, or another conversation of "
                + "its user") String conversationId,
        @Schema(description = "Only with \"explain\": true; the parts add up to score",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable ScoreParts explain) {

    /**
     * @param conversationId the conversation asked: a memory that does not name its own
     * is from it
     */
    public static RecalledMemory of(Evidence evidence, String conversationId) {
        return of(evidence, conversationId, null);
    }

    public static RecalledMemory of(Evidence evidence, String conversationId, @Nullable ScoreParts explain) {
        return new RecalledMemory(evidence.memoryId(), evidence.text(), evidence.score(), evidence.kind(),
                evidence.externalIds() == null ? List.of() : evidence.externalIds(), evidence.createdAt(),
                evidence.conversationId() != null ? evidence.conversationId() : conversationId, explain);
    }

    public static List<RecalledMemory> of(List<Evidence> evidence, String conversationId) {
        return evidence == null ? List.of()
                : evidence.stream().map(memory -> RecalledMemory.of(memory, conversationId)).toList();
    }
}
