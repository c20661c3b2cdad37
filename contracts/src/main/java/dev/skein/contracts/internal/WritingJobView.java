package dev.skein.contracts.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A long-form writing job as the generation-service shows it: without its tenant (the
 * caller knows it) and, until it is completed, without text.
 *
 * @param status accepted, planning, writing, reviewing, completed or failed
 * @param actualWords words of the finished sections' text (headings not counted)
 * @param plan null until the job is planned
 * @param memoryNote set when some section had to be written without the memory context
 * @param attempts runs that ended in a transient failure; the job is retried until it has
 * had its attempts
 * @param lastError the reason of the last such failure, else null
 * @param nextAttemptAt not retried before this (null: at once)
 * @param storedInConversationAt when the instruction and the sections were appended to
 * the conversation
 */
public record WritingJobView(UUID jobId, String conversationId, String status, String instruction, int targetWords,
        Integer actualWords, Plan plan, String memoryNote, String failure, int attempts, String lastError,
        Instant nextAttemptAt, String text, Instant createdAt, Instant updatedAt, Instant completedAt,
        Instant storedInConversationAt) {

    /**
     * The job's sections. {@code source} is llm or fallback; {@code note} says why the
     * fallback was used.
     */
    public record Plan(String source, String note, List<Section> sections) {
    }

    /**
     * One planned section and how far it is.
     *
     * @param status pending, writing or written
     * @param reviews every length review of the section, in order
     * @param memoriesUsed memories the section was written with (null: not written yet)
     * @param generatedBy the LLM that wrote the text kept (null: not written yet)
     */
    public record Section(int position, String title, String brief, int targetWords, String status, Integer actualWords,
            List<Review> reviews, Integer memoriesUsed, String generatedBy) {
    }

    /** One length review of a section's draft. */
    public record Review(int draft, int words, String verdict) {
    }
}
