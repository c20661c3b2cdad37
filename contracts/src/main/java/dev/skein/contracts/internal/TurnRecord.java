package dev.skein.contracts.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.Usage;
import org.jspecify.annotations.Nullable;

/**
 * One chat turn as the memory-service stores it (memory-service {@code GET
 * …/turns/{turnId}}), kept as long as turn outcomes are ({@code SKEIN_TURN_RETENTION}).
 *
 * @param state requested, completed or failed
 * @param content the user message's text; null when it was deleted since
 * @param replyId the assistant message, once completed
 * @param replyContent its text; null before completion or when deleted since
 */
public record TurnRecord(UUID turnId, String conversationId, String state, Instant requestedAt, UUID messageId,
        @Nullable String content, @Nullable UUID replyId, @Nullable String replyContent, @Nullable String generatedBy,
        List<Evidence> evidence, @Nullable Usage usage) {
}
