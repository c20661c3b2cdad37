package dev.skein.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A recalled memory: a search hit or a turn's evidence.
 *
 * @param memoryId the memory
 * @param text what it says (a turn, a window of turns or a summary)
 * @param score its rank score (higher is better)
 * @param kind {@code turn}, {@code window} or a summary level
 * @param externalIds the externalIds of the messages it comes from
 * @param createdAt when its first message was said
 * @param conversationId the conversation it was said in: the one asked, or another
 * conversation of its user (a user-scope search)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Memory(UUID memoryId, String text, double score, String kind, List<String> externalIds, Instant createdAt,
        String conversationId) {

    public Memory {
        externalIds = externalIds == null ? List.of() : List.copyOf(externalIds);
    }

    /** A memory whose conversation is not named. */
    public Memory(UUID memoryId, String text, double score, String kind, List<String> externalIds, Instant createdAt) {
        this(memoryId, text, score, kind, externalIds, createdAt, null);
    }

}
