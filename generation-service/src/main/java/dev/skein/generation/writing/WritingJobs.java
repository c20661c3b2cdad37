package dev.skein.generation.writing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.skein.contracts.WritingRequested;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writing jobs and their sections in the {@code generation} schema. Every write that moves a job
 * on is guarded by the state it expects, so a redelivered request, a second runner or an erased
 * conversation changes nothing: the caller sees 0 rows and stops.
 */
@Component
class WritingJobs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<List<LengthReview.Review>> REVIEWS = new TypeReference<>() {
    };

    private static final String UNFINISHED = "status NOT IN ('completed', 'failed')";

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    WritingJobs(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Stores a requested job; false when it was already there (a redelivery). */
    boolean accept(WritingRequested request) {
        return this.jdbc.sql("""
                INSERT INTO writing_jobs (job_id, tenant_id, conversation_id, instruction, target_words, status)
                VALUES (:jobId, :tenantId, :conversationId, :instruction, :targetWords, 'accepted')
                ON CONFLICT (job_id) DO NOTHING""")
                .param("jobId", request.jobId())
                .param("tenantId", request.tenantId())
                .param("conversationId", request.conversationId())
                .param("instruction", request.instruction())
                .param("targetWords", request.targetWords())
                .update() == 1;
    }

    Optional<WritingJob> find(UUID jobId) {
        return this.jdbc.sql("SELECT * FROM writing_jobs WHERE job_id = :jobId").param("jobId", jobId)
                .query(this::job).optional().map(this::withSections);
    }

    /** The job, only if it belongs to this tenant's conversation. */
    Optional<WritingJob> find(String tenantId, String conversationId, UUID jobId) {
        return this.jdbc.sql("""
                SELECT * FROM writing_jobs
                WHERE job_id = :jobId AND tenant_id = :tenantId AND conversation_id = :conversationId""")
                .param("jobId", jobId).param("tenantId", tenantId).param("conversationId", conversationId)
                .query(this::job).optional().map(this::withSections);
    }

    /** Jobs neither completed nor failed, oldest first: what a restart resumes. */
    List<UUID> unfinished() {
        return this.jdbc.sql("SELECT job_id FROM writing_jobs WHERE " + UNFINISHED + " ORDER BY created_at")
                .query(UUID.class).list();
    }

    boolean status(UUID jobId, String status) {
        return this.jdbc.sql("UPDATE writing_jobs SET status = :status, updated_at = now() WHERE job_id = :jobId AND "
                + UNFINISHED).param("status", status).param("jobId", jobId).update() == 1;
    }

    /** Stores the plan and moves the job to writing, in one transaction; false when it was erased or planned already. */
    boolean savePlan(UUID jobId, WritingPlan plan) {
        Boolean saved = this.transactions.execute(tx -> {
            int updated = this.jdbc.sql("""
                    UPDATE writing_jobs SET status = 'writing', plan_source = :source, plan_note = :note,
                           updated_at = now()
                    WHERE job_id = :jobId AND status IN ('accepted', 'planning')""")
                    .param("source", plan.source()).param("note", plan.note()).param("jobId", jobId).update();
            if (updated == 0) {
                return false;
            }
            for (PlannedSection section : plan.sections()) {
                this.jdbc.sql("""
                        INSERT INTO writing_sections (job_id, position, title, brief, target_words, status)
                        VALUES (:jobId, :position, :title, :brief, :targetWords, 'pending')""")
                        .param("jobId", jobId).param("position", section.position())
                        .param("title", section.title()).param("brief", section.brief())
                        .param("targetWords", section.targetWords())
                        .update();
            }
            return true;
        });
        return Boolean.TRUE.equals(saved);
    }

    void sectionStarted(UUID jobId, int position) {
        this.jdbc.sql("UPDATE writing_sections SET status = 'writing' WHERE job_id = :jobId AND position = :position "
                + "AND status = 'pending'").param("jobId", jobId).param("position", position).update();
    }

    /** Commits a finished section; false when it was finished before (another runner) or the job is gone. */
    boolean sectionWritten(UUID jobId, int position, LengthReview.Reviewed reviewed, int memoriesUsed) {
        return this.jdbc.sql("""
                UPDATE writing_sections SET status = 'written', text = :text, actual_words = :words,
                       reviews = CAST(:reviews AS jsonb), memories_used = :memories
                WHERE job_id = :jobId AND position = :position AND status <> 'written'""")
                .param("text", reviewed.text()).param("words", reviewed.words())
                .param("reviews", JSON.writeValueAsString(reviewed.reviews())).param("memories", memoriesUsed)
                .param("jobId", jobId).param("position", position)
                .update() == 1;
    }

    /** The finished sections' text in plan order (only called once every section is written). */
    List<String> sectionTexts(UUID jobId) {
        return this.jdbc.sql("SELECT text FROM writing_sections WHERE job_id = :jobId ORDER BY position")
                .param("jobId", jobId).query(String.class).list();
    }

    void memoryNote(UUID jobId, String note) {
        this.jdbc.sql("UPDATE writing_jobs SET memory_note = COALESCE(memory_note, :note) WHERE job_id = :jobId")
                .param("note", note).param("jobId", jobId).update();
    }

    boolean complete(UUID jobId, String text, int actualWords) {
        return this.jdbc.sql("UPDATE writing_jobs SET status = 'completed', text = :text, actual_words = :words, "
                + "completed_at = now(), updated_at = now() WHERE job_id = :jobId AND " + UNFINISHED)
                .param("text", text).param("words", actualWords).param("jobId", jobId).update() == 1;
    }

    boolean fail(UUID jobId, String reason) {
        return this.jdbc.sql("UPDATE writing_jobs SET status = 'failed', failure = :reason, completed_at = now(), "
                + "updated_at = now() WHERE job_id = :jobId AND " + UNFINISHED)
                .param("reason", reason).param("jobId", jobId).update() == 1;
    }

    /** Deletes every job of the conversation with its sections; answers how many jobs. */
    int deleteConversation(String tenantId, String conversationId) {
        return this.jdbc.sql("DELETE FROM writing_jobs WHERE tenant_id = :tenantId AND conversation_id = :conversationId")
                .param("tenantId", tenantId).param("conversationId", conversationId).update();
    }

    private WritingJob withSections(WritingJob job) {
        List<WritingJob.Section> sections = this.jdbc.sql(
                "SELECT * FROM writing_sections WHERE job_id = :jobId ORDER BY position")
                .param("jobId", job.jobId()).query(WritingJobs::section).list();
        int written = sections.stream().filter(WritingJob.Section::written).mapToInt(WritingJob.Section::actualWords).sum();
        WritingJob.Plan plan = sections.isEmpty() ? null : new WritingJob.Plan(job.plan().source(), job.plan().note(),
                sections);
        // before completion, actualWords says how far the finished sections got
        Integer actual = job.actualWords() != null ? job.actualWords() : sections.isEmpty() ? null : written;
        return new WritingJob(job.jobId(), job.tenantId(), job.conversationId(), job.status(), job.instruction(),
                job.targetWords(), actual, plan, job.memoryNote(), job.failure(), job.text(), job.createdAt(),
                job.updatedAt(), job.completedAt());
    }

    private WritingJob job(ResultSet rs, int row) throws SQLException {
        Integer actual = rs.getObject("actual_words", Integer.class);
        return new WritingJob(rs.getObject("job_id", UUID.class), rs.getString("tenant_id"),
                rs.getString("conversation_id"), rs.getString("status"), rs.getString("instruction"),
                rs.getInt("target_words"), actual,
                new WritingJob.Plan(rs.getString("plan_source"), rs.getString("plan_note"), List.of()),
                rs.getString("memory_note"), rs.getString("failure"), rs.getString("text"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "completed_at"));
    }

    private static WritingJob.Section section(ResultSet rs, int row) throws SQLException {
        return new WritingJob.Section(rs.getInt("position"), rs.getString("title"), rs.getString("brief"),
                rs.getInt("target_words"), rs.getString("status"), rs.getObject("actual_words", Integer.class),
                JSON.readValue(rs.getString("reviews"), REVIEWS), rs.getObject("memories_used", Integer.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
