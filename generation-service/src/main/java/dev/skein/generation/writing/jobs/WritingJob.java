package dev.skein.generation.writing.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.generation.writing.plan.PlannedSection;
import dev.skein.generation.writing.sections.LengthReview;

/**
 * A writing job as stored and as {@code GET /internal/.../writings/{jobId}} shows it.
 * {@code text} is set once the job is completed.
 *
 * @param status accepted, planning, writing, reviewing, completed or failed
 * @param actualWords words of the finished sections' text (headings not counted)
 * @param plan null until the job is planned
 * @param memoryNote set when some section had to be written without the memory context
 * @param attempts runs that ended in a transient failure; the job is retried until
 * {@code max-attempts}, then fails
 * @param lastError the reason of the last such failure, else null
 * @param nextAttemptAt not retried before this (null: at once)
 * @param storedInConversationAt when the instruction and the sections were appended to
 * the conversation (the time those messages carry; the job completes at the same time),
 * else null
 */
public record WritingJob(UUID jobId, String tenantId, String conversationId, String status, String instruction,
        int targetWords, Integer actualWords, Plan plan, String memoryNote, String failure, String text,
        Instant createdAt, Instant updatedAt, Instant completedAt, int attempts, String lastError,
        Instant nextAttemptAt, Instant storedInConversationAt) {

    public static final String ACCEPTED = "accepted";

    public static final String PLANNING = "planning";

    public static final String WRITING = "writing";

    public static final String REVIEWING = "reviewing";

    public static final String COMPLETED = "completed";

    public static final String FAILED = "failed";

    public boolean finished() {
        return COMPLETED.equals(this.status) || FAILED.equals(this.status);
    }

    /**
     * @param source llm or fallback; {@code note} says why the fallback was used
     */
    public record Plan(String source, String note, List<Section> sections) {
    }

    /**
     * @param status pending, writing or written
     * @param reviews every length review of the section, in order
     * @param memoriesUsed memories the section was written with (null: not written yet)
     * @param generatedBy the LLM that wrote the text kept ({@code llm:<model>@<host>};
     * null: not written yet, or written before this was recorded)
     */
    public record Section(int position, String title, String brief, int targetWords, String status, Integer actualWords,
            List<LengthReview.Review> reviews, Integer memoriesUsed, String generatedBy) {

        static final String PENDING = "pending";

        static final String IN_PROGRESS = "writing";

        static final String WRITTEN = "written";

        public boolean written() {
            return WRITTEN.equals(this.status);
        }

        public PlannedSection planned() {
            return new PlannedSection(this.position, this.title, this.brief, this.targetWords);
        }
    }

    /**
     * A written section's text in plan order, as the assembled text and the conversation
     * take it.
     */
    public record WrittenSection(int position, String title, String text, String generatedBy) {
    }
}
