package dev.skein.generation.writing.api;

import java.util.UUID;

import dev.skein.contracts.internal.WritingJobView;
import dev.skein.contracts.internal.WritingSupport;
import dev.skein.generation.writing.WritingAvailability;
import dev.skein.generation.writing.jobs.WritingJob;
import dev.skein.generation.writing.jobs.WritingJobs;
import dev.skein.platform.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The internal API of writing jobs, called by the gateway: a job of a tenant's
 * conversation (another tenant's job is simply not found), and whether this instance can
 * write at all.
 */
@RestController
class WritingEndpoint {

    private final WritingJobs jobs;

    private final WritingAvailability availability;

    WritingEndpoint(WritingJobs jobs, WritingAvailability availability) {
        this.jobs = jobs;
        this.availability = availability;
    }

    @GetMapping("/internal/tenants/{tenantId}/conversations/{conversationId}/writings/{jobId}")
    ResponseEntity<?> job(@PathVariable String tenantId, @PathVariable String conversationId,
            @PathVariable String jobId) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        }
        catch (IllegalArgumentException ex) {
            return notFound();
        }
        return this.jobs.find(tenantId, conversationId, id)
            .<ResponseEntity<?>>map(job -> ResponseEntity.ok(view(job)))
            .orElseGet(WritingEndpoint::notFound);
    }

    /** The gateway refuses writing requests up front when this instance cannot write. */
    @GetMapping("/internal/writing")
    WritingSupport availability() {
        return new WritingSupport(this.availability.available(), this.availability.reason());
    }

    /**
     * The job without its tenant (the caller knows it) and, until it is completed,
     * without text.
     */
    private static WritingJobView view(WritingJob job) {
        WritingJob.Plan plan = job.plan();
        return new WritingJobView(job.jobId(), job.conversationId(), job.status(), job.instruction(), job.targetWords(),
                job.actualWords(), plan == null ? null : view(plan), job.memoryNote(), job.failure(), job.attempts(),
                job.lastError(), job.nextAttemptAt(), WritingJob.COMPLETED.equals(job.status()) ? job.text() : null,
                job.createdAt(), job.updatedAt(), job.completedAt(), job.storedInConversationAt());
    }

    private static WritingJobView.Plan view(WritingJob.Plan plan) {
        return new WritingJobView.Plan(plan.source(), plan.note(),
                plan.sections() == null ? null : plan.sections().stream().map(WritingEndpoint::view).toList());
    }

    private static WritingJobView.Section view(WritingJob.Section section) {
        return new WritingJobView.Section(section.position(), section.title(), section.brief(), section.targetWords(),
                section.status(), section.actualWords(),
                section.reviews() == null ? null
                        : section.reviews()
                            .stream()
                            .map(review -> new WritingJobView.Review(review.draft(), review.words(), review.verdict()))
                            .toList(),
                section.memoriesUsed(), section.generatedBy());
    }

    private static ResponseEntity<ProblemDetail> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
            .body(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "No such writing job."));
    }

}
