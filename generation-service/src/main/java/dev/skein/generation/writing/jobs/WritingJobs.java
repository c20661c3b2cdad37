package dev.skein.generation.writing.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import javax.sql.DataSource;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.skein.contracts.WritingRequested;
import dev.skein.generation.erasure.ErasedConversations;
import dev.skein.generation.writing.plan.PlannedSection;
import dev.skein.generation.writing.plan.WritingPlan;
import dev.skein.generation.writing.sections.LengthReview;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writing jobs and their sections in the {@code generation} schema.
 * <p>
 * Ownership: a job is run only by the instance holding its lease ({@code owner},
 * {@code lease_until}), taken with {@link #claim} and kept with {@link #renew}. Every
 * write that moves a job on names the owner and the state it expects, so a redelivered
 * request, an instance whose lease was taken over, or an erased conversation changes
 * nothing: the caller sees 0 rows (false) and stops. The lease (claim, renew, release,
 * the sweep) and the section writes are owner-guarded SQL compare-and-sets against the
 * database's clock; the job's own state changes go through {@link WritingJobEntity} and
 * its version, which every claim, release and plan raises. Reads load a job with its
 * sections in one statement ({@link WritingJobRepository}).
 * <p>
 * Erasure: a conversation's erasure is remembered ({@code erased_conversations}, its
 * event's time), so a request that occurred before it but arrives after it is refused,
 * and a late erasure deletes only the jobs requested before it. Both take the same
 * per-conversation advisory lock.
 */
@Component
public class WritingJobs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<List<LengthReview.Review>> REVIEWS = new TypeReference<>() {
    };

    private static final String UNFINISHED = "status NOT IN ('completed', 'failed')";

    /** A section write is allowed while the job is writing and this owner holds it. */
    private static final String OWNED_AND_WRITING = """
            EXISTS (SELECT 1 FROM writing_jobs j WHERE j.job_id = :jobId AND j.owner = :owner AND j.status = 'writing')""";

    /**
     * Serialises a request's acceptance with an erasure of the same conversation (until
     * commit).
     */
    private static final String LOCK = "writing";

    private final JdbcClient jdbc;

    private final ErasedConversations erasures;

    private final TransactionTemplate transactions;

    private final WritingJobRepository repository;

    /**
     * The SQL-only transactions (acceptance, erasure, the plan) run on the data source's
     * own transaction manager, as before JPA: when the database drops the connection, a
     * JPA rollback would replace the resource failure with its own exception, and the
     * Kafka error policy would park the record instead of waiting the outage out
     * (WritingRecoveryIT).
     */
    private final TransactionTemplate sqlTransactions;

    WritingJobs(JdbcClient jdbc, ErasedConversations erasures, TransactionTemplate transactions,
            WritingJobRepository repository, DataSource dataSource) {
        this.jdbc = jdbc;
        this.erasures = erasures;
        this.transactions = transactions;
        this.repository = repository;
        this.sqlTransactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** What became of a requested job. */
    public enum Acceptance {

        /** stored now */
        NEW,
        /** stored before (a redelivery) */
        KNOWN,
        /** the conversation was erased at or after the request: dropped */
        ERASED

    }

    /**
     * Stores a requested job unless its conversation was erased after it was requested.
     */
    public Acceptance accept(WritingRequested request) {
        Instant requestedAt = request.occurredAt() != null ? request.occurredAt() : Instant.now();
        return this.sqlTransactions.execute(tx -> {
            this.erasures.lock(LOCK, request.tenantId(), request.conversationId());
            boolean erased = this.jdbc.sql("""
                    SELECT EXISTS (SELECT 1 FROM erased_conversations WHERE tenant_id = :tenantId
                        AND conversation_id = :conversationId AND erased_at >= :requestedAt)""")
                .param("tenantId", request.tenantId())
                .param("conversationId", request.conversationId())
                .param("requestedAt", timestamp(requestedAt))
                .query(Boolean.class)
                .single();
            if (erased) {
                return Acceptance.ERASED;
            }
            int inserted = this.jdbc.sql("""
                    INSERT INTO writing_jobs (job_id, tenant_id, conversation_id, instruction, target_words, status,
                                              requested_at)
                    VALUES (:jobId, :tenantId, :conversationId, :instruction, :targetWords, 'accepted', :requestedAt)
                    ON CONFLICT (job_id) DO NOTHING""")
                .param("jobId", request.jobId())
                .param("tenantId", request.tenantId())
                .param("conversationId", request.conversationId())
                .param("instruction", request.instruction())
                .param("targetWords", request.targetWords())
                .param("requestedAt", timestamp(requestedAt))
                .update();
            return inserted == 1 ? Acceptance.NEW : Acceptance.KNOWN;
        });
    }

    /**
     * Remembers the erasure and deletes the conversation's jobs requested at or before it
     * (with their sections); answers how many jobs.
     */
    public int erase(String tenantId, String conversationId, Instant erasedAt) {
        Integer deleted = this.sqlTransactions.execute(tx -> {
            this.erasures.lock(LOCK, tenantId, conversationId);
            this.erasures.remember(tenantId, conversationId, erasedAt);
            return this.jdbc.sql("""
                    DELETE FROM writing_jobs
                    WHERE tenant_id = :tenantId AND conversation_id = :conversationId AND requested_at <= :erasedAt""")
                .param("tenantId", tenantId)
                .param("conversationId", conversationId)
                .param("erasedAt", timestamp(erasedAt))
                .update();
        });
        return deleted == null ? 0 : deleted;
    }

    public Optional<WritingJob> find(UUID jobId) {
        return this.transactions.execute(tx -> this.repository.findWithSections(jobId).map(WritingJobs::job));
    }

    /** The job, only if it belongs to this tenant's conversation. */
    public Optional<WritingJob> find(String tenantId, String conversationId, UUID jobId) {
        return this.transactions
            .execute(tx -> this.repository.findWithSections(tenantId, conversationId, jobId).map(WritingJobs::job));
    }

    /**
     * Unfinished jobs that no live instance holds (no lease, or it ran out) and whose
     * backoff is over, oldest first: what the sweep claims.
     */
    public List<UUID> claimable(int limit) {
        return this.jdbc.sql("SELECT job_id FROM writing_jobs WHERE " + UNFINISHED + """
                 AND (lease_until IS NULL OR lease_until < now())
                 AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                ORDER BY created_at LIMIT :limit""").param("limit", limit).query(UUID.class).list();
    }

    /**
     * Takes the job's lease for {@code owner}: only when the job is unfinished, due
     * (backoff over), and nobody else holds a live lease. Of two instances claiming at
     * once exactly one wins.
     */
    public boolean claim(UUID jobId, UUID owner, Duration lease) {
        return this.jdbc
            .sql("UPDATE writing_jobs SET owner = :owner, lease_until = now() + make_interval(secs => :lease), "
                    + "version = version + 1 " + "WHERE job_id = :jobId AND " + UNFINISHED + """
                             AND (lease_until IS NULL OR lease_until < now() OR owner = :owner)
                             AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                            RETURNING job_id""")
            .param("owner", owner)
            .param("lease", seconds(lease))
            .param("jobId", jobId)
            .query(UUID.class)
            .optional()
            .isPresent();
    }

    /**
     * Extends the lease; false when the job is no longer this owner's (taken over, erased
     * or finished).
     */
    public boolean renew(UUID jobId, UUID owner, Duration lease) {
        return this.jdbc
            .sql("UPDATE writing_jobs SET lease_until = now() + make_interval(secs => :lease) "
                    + "WHERE job_id = :jobId AND owner = :owner AND " + UNFINISHED)
            .param("lease", seconds(lease))
            .param("jobId", jobId)
            .param("owner", owner)
            .update() == 1;
    }

    /**
     * Gives up the leases of this owner's unfinished jobs (a clean shutdown): another
     * instance may go on at once.
     */
    public int releaseAll(UUID owner) {
        return this.jdbc.sql(
                "UPDATE writing_jobs SET owner = NULL, lease_until = NULL, version = version + 1 WHERE owner = :owner AND "
                        + UNFINISHED)
            .param("owner", owner)
            .update();
    }

    /** Whether the owner still holds the job and it is unfinished. */
    public boolean holds(UUID jobId, UUID owner) {
        return this.jdbc
            .sql("SELECT EXISTS (SELECT 1 FROM writing_jobs WHERE job_id = :jobId AND owner = :owner AND " + UNFINISHED
                    + ")")
            .param("jobId", jobId)
            .param("owner", owner)
            .query(Boolean.class)
            .single();
    }

    /**
     * Compare-and-set of the status: only from one of {@code from}, and only by the
     * lease's owner.
     */
    public boolean transition(UUID jobId, UUID owner, Set<String> from, String to) {
        return change(jobId, owner, job -> from.contains(job.status()), (job, now) -> job.moveTo(to, now));
    }

    /**
     * Stores the plan and moves the job to writing, in one transaction; false when
     * erased, planned already or not the owner's.
     */
    public boolean savePlan(UUID jobId, UUID owner, WritingPlan plan) {
        Boolean saved = this.sqlTransactions.execute(tx -> {
            int updated = this.jdbc.sql("""
                    UPDATE writing_jobs SET status = 'writing', plan_source = :source, plan_note = :note,
                           updated_at = now(), version = version + 1
                    WHERE job_id = :jobId AND owner = :owner AND status IN ('accepted', 'planning')""")
                .param("source", plan.source())
                .param("note", plan.note())
                .param("jobId", jobId)
                .param("owner", owner)
                .update();
            if (updated == 0) {
                return false;
            }
            for (PlannedSection section : plan.sections()) {
                this.jdbc.sql("""
                        INSERT INTO writing_sections (job_id, position, title, brief, target_words, status)
                        VALUES (:jobId, :position, :title, :brief, :targetWords, 'pending')""")
                    .param("jobId", jobId)
                    .param("position", section.position())
                    .param("title", section.title())
                    .param("brief", section.brief())
                    .param("targetWords", section.targetWords())
                    .update();
            }
            return true;
        });
        return Boolean.TRUE.equals(saved);
    }

    /**
     * Marks the section in progress; false when it is written already or the job is not
     * the owner's to write.
     */
    public boolean sectionStarted(UUID jobId, UUID owner, int position) {
        return this.jdbc
            .sql("UPDATE writing_sections SET status = 'writing' WHERE job_id = :jobId "
                    + "AND position = :position AND status <> 'written' AND " + OWNED_AND_WRITING)
            .param("jobId", jobId)
            .param("owner", owner)
            .param("position", position)
            .update() == 1;
    }

    /**
     * Commits a finished section; false when it was finished before, the job is gone, or
     * its lease was taken over.
     */
    public boolean sectionWritten(UUID jobId, UUID owner, int position, LengthReview.Reviewed reviewed,
            int memoriesUsed) {
        return this.jdbc.sql("""
                UPDATE writing_sections SET status = 'written', text = :text, actual_words = :words,
                       reviews = CAST(:reviews AS jsonb), memories_used = :memories, generated_by = :generatedBy
                WHERE job_id = :jobId AND position = :position AND status <> 'written' AND\s""" + OWNED_AND_WRITING)
            .param("text", reviewed.text())
            .param("words", reviewed.words())
            .param("reviews", JSON.writeValueAsString(reviewed.reviews()))
            .param("memories", memoriesUsed)
            .param("generatedBy", reviewed.generatedBy())
            .param("jobId", jobId)
            .param("owner", owner)
            .param("position", position)
            .update() == 1;
    }

    /**
     * The finished sections in plan order (only called once every section is written).
     */
    public List<WritingJob.WrittenSection> writtenSections(UUID jobId) {
        return this.jdbc
            .sql("SELECT position, title, text, generated_by FROM writing_sections WHERE job_id = :jobId "
                    + "ORDER BY position")
            .param("jobId", jobId)
            .query((rs, row) -> new WritingJob.WrittenSection(rs.getInt("position"), rs.getString("title"),
                    rs.getString("text"), rs.getString("generated_by")))
            .list();
    }

    /**
     * Records that the text is in the conversation, with the time its messages carry; the
     * job completes at that time. False when the job is no longer this owner's to finish.
     */
    public boolean storedInConversation(UUID jobId, UUID owner, Instant at) {
        return change(jobId, owner, job -> WritingJob.REVIEWING.equals(job.status()),
                (job, now) -> job.storedInConversation(at, now));
    }

    public void memoryNote(UUID jobId, UUID owner, String note) {
        change(jobId, owner, job -> true, (job, now) -> job.noteMemory(note));
    }

    public boolean complete(UUID jobId, UUID owner, String text, int actualWords) {
        return change(jobId, owner, job -> WritingJob.REVIEWING.equals(job.status()),
                (job, now) -> job.complete(text, actualWords, now));
    }

    public boolean fail(UUID jobId, UUID owner, String reason) {
        return change(jobId, owner, job -> !job.finished(), (job, now) -> job.fail(reason, now));
    }

    /**
     * Records a run that failed transiently and gives the lease up: any instance's sweep
     * tries the job again once {@code retryAfter} has passed. False when the job was not
     * this owner's any more.
     */
    public boolean attemptFailed(UUID jobId, UUID owner, String reason, Duration retryAfter) {
        return change(jobId, owner, job -> !job.finished(),
                (job, now) -> job.attemptFailed(reason, now.plus(retryAfter), now));
    }

    /**
     * Reads the job, applies {@code change} if {@code owner} holds it and {@code allowed}
     * says so, and commits with the job's version: false when the job is not the owner's,
     * not in a state for the change, or was claimed by another instance or erased between
     * the read and the write. Times are this instance's clock (the lease's, in SQL, the
     * database's: both are UTC on hosts that keep time).
     */
    private boolean change(UUID jobId, UUID owner, Predicate<WritingJobEntity> allowed,
            BiConsumer<WritingJobEntity, Instant> change) {
        try {
            return Boolean.TRUE.equals(this.transactions.execute(tx -> this.repository.findById(jobId)
                .filter(job -> job.ownedBy(owner) && allowed.test(job))
                .map(job -> {
                    change.accept(job, Instant.now());
                    return true;
                })
                .orElse(false)));
        }
        catch (OptimisticLockingFailureException ex) {
            return false;
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static WritingJob job(WritingJobEntity job) {
        return job.toJob(job.sections().stream().map(WritingJobs::section).toList());
    }

    private static WritingJob.Section section(WritingSectionEntity section) {
        return new WritingJob.Section(section.position(), section.title(), section.brief(), section.targetWords(),
                section.status(), section.actualWords(), JSON.readValue(section.reviews(), REVIEWS),
                section.memoriesUsed(), section.generatedBy());
    }

}
