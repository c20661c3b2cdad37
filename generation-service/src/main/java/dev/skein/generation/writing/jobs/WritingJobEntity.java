package dev.skein.generation.writing.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.DynamicUpdate;

/**
 * A row of {@code writing_jobs}. Its state changes by its owner go through this entity
 * and its version: a change commits only if no other instance claimed the job (the claim
 * raises the version), and the job was not erased, since it was read. Dynamic updates
 * write only the columns a change touched, so the lease heartbeat (which moves
 * {@code lease_until} of a job its owner holds, without a version) is never overwritten
 * by an unrelated change.
 */
@Entity
@DynamicUpdate
@Table(name = "writing_jobs", schema = "generation")
class WritingJobEntity {

    @Id
    @Column(name = "job_id")
    private UUID jobId;

    @Column(name = "tenant_id", updatable = false)
    private String tenantId;

    @Column(name = "conversation_id", updatable = false)
    private String conversationId;

    @Column(updatable = false)
    private String instruction;

    @Column(name = "target_words", updatable = false)
    private int targetWords;

    private String status;

    @Column(name = "plan_source")
    private String planSource;

    @Column(name = "plan_note")
    private String planNote;

    @Column(name = "actual_words")
    private Integer actualWords;

    private String text;

    private String failure;

    @Column(name = "memory_note")
    private String memoryNote;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Column(name = "completed_at")
    private Instant completedAt;

    private UUID owner;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "requested_at", updatable = false)
    private Instant requestedAt;

    @Column(name = "stored_in_conversation_at")
    private Instant storedInConversationAt;

    @Version
    private long version;

    // read with the job in one statement (a fetch join); written by WritingJobs' SQL
    @OneToMany
    @JoinColumn(name = "job_id", insertable = false, updatable = false)
    @OrderBy("position")
    private List<WritingSectionEntity> sections = new ArrayList<>();

    protected WritingJobEntity() {
    }

    boolean ownedBy(UUID owner) {
        return owner.equals(this.owner);
    }

    boolean finished() {
        return WritingJob.COMPLETED.equals(this.status) || WritingJob.FAILED.equals(this.status);
    }

    String status() {
        return this.status;
    }

    void moveTo(String status, Instant at) {
        this.status = status;
        this.updatedAt = at;
    }

    void storedInConversation(Instant storedAt, Instant at) {
        this.storedInConversationAt = storedAt;
        this.updatedAt = at;
    }

    /** The first note stays. */
    void noteMemory(String note) {
        if (this.memoryNote == null) {
            this.memoryNote = note;
        }
    }

    /** Completed at the time its messages carry in the conversation, else now. */
    void complete(String text, int actualWords, Instant at) {
        this.status = WritingJob.COMPLETED;
        this.text = text;
        this.actualWords = actualWords;
        this.leaseUntil = null;
        this.completedAt = this.storedInConversationAt != null ? this.storedInConversationAt : at;
        this.updatedAt = at;
    }

    void fail(String reason, Instant at) {
        this.status = WritingJob.FAILED;
        this.failure = reason;
        this.leaseUntil = null;
        this.completedAt = at;
        this.updatedAt = at;
    }

    /**
     * A transient failure: the lease is given up, any instance retries after the backoff.
     */
    void attemptFailed(String reason, Instant retryAt, Instant at) {
        this.attempts++;
        this.lastError = reason;
        this.owner = null;
        this.leaseUntil = null;
        this.nextAttemptAt = retryAt;
        this.updatedAt = at;
    }

    WritingJob toJob(List<WritingJob.Section> sections) {
        int written = sections.stream()
            .filter(WritingJob.Section::written)
            .mapToInt(WritingJob.Section::actualWords)
            .sum();
        WritingJob.Plan plan = sections.isEmpty() ? null
                : new WritingJob.Plan(this.planSource, this.planNote, sections);
        // before completion, actualWords says how far the finished sections got
        Integer actual = this.actualWords != null ? this.actualWords : sections.isEmpty() ? null : written;
        return new WritingJob(this.jobId, this.tenantId, this.conversationId, this.status, this.instruction,
                this.targetWords, actual, plan, this.memoryNote, this.failure, this.text, this.createdAt,
                this.updatedAt, this.completedAt, this.attempts, this.lastError, this.nextAttemptAt,
                this.storedInConversationAt);
    }

    List<WritingSectionEntity> sections() {
        return this.sections;
    }

}
