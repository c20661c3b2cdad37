package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * generation-service → gateway: one step of a long-form writing job, relayed to clients
 * as a server-sent event named {@code kind}.
 *
 * @param kind {@code planned}, {@code section-started}, {@code section-written},
 * {@code section-reviewed}, {@code retrying} (a run failed transiently; the job is tried
 * again later), {@code completed} or {@code failed}
 * @param status the job's status after this step: {@code writing} (every step but the
 * last), {@code completed} or {@code failed}
 * @param section the section's position in the plan (0-based) for section events, else
 * null
 * @param title the section's title for section events, else null
 * @param targetWords the section's budget for section events, the job's target otherwise
 * @param actualWords the words written so far (section events: of that section;
 * completed: of the text), else null
 * @param sectionsDone sections finished so far; null in a retrying or failed event that
 * does not know them
 * @param sections sections in the plan (null before it exists)
 * @param detail a review's verdict or the reason of a failure, else null
 */
public record WritingProgressed(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID jobId,
        String kind, String status, @Nullable Integer section, @Nullable String title, Integer targetWords,
        @Nullable Integer actualWords, @Nullable Integer sectionsDone, @Nullable Integer sections,
        @Nullable String detail) implements ConversationScoped {
}
