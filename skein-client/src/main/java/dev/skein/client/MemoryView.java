package dev.skein.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the memory controller holds for a conversation: the flash turns the next prompt
 * carries raw, the most salient archived memories and the summaries. A subset of the
 * API's answer; unknown fields are ignored so that newer servers stay readable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MemoryView(String conversationId, Flash flash, List<Archived> archived, List<Summary> summaries,
        Counts counts) {

    public MemoryView {
        archived = archived == null ? List.of() : List.copyOf(archived);
        summaries = summaries == null ? List.of() : List.copyOf(summaries);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Flash(List<Turn> turns, int tokens) {

        public Flash {
            turns = turns == null ? List.of() : List.copyOf(turns);
        }

    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Turn(UUID messageId, long sequence, String role, String content, String externalId,
            Instant createdAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Archived(UUID memoryId, long sequence, double salience, String reason, UUID supersededBy) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Summary(UUID memoryId, String level, String text, long firstSequence, long lastSequence) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Counts(long messages, long lastSequence, long historyTokens) {
    }

}
