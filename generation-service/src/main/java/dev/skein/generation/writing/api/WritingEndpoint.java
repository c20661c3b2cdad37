package dev.skein.generation.writing.api;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.skein.generation.writing.WritingAvailability;
import dev.skein.generation.writing.jobs.WritingJob;
import dev.skein.generation.writing.jobs.WritingJobs;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The internal API of writing jobs, called by the gateway: a job of a tenant's conversation
 * (another tenant's job is simply not found), and whether this instance can write at all.
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

    /** {@code {available, reason}}: the gateway refuses writing requests up front when unavailable. */
    @GetMapping("/internal/writing")
    Map<String, Object> availability() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("available", this.availability.available());
        body.put("reason", this.availability.reason());
        return body;
    }

    /** The job without its tenant (the caller knows it) and, until it is completed, without text. */
    private static Map<String, Object> view(WritingJob job) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobId", job.jobId());
        body.put("conversationId", job.conversationId());
        body.put("status", job.status());
        body.put("instruction", job.instruction());
        body.put("targetWords", job.targetWords());
        body.put("actualWords", job.actualWords());
        body.put("plan", job.plan());
        body.put("memoryNote", job.memoryNote());
        body.put("failure", job.failure());
        // transient failures so far: the job is retried (not before nextAttemptAt) until it has had its attempts
        body.put("attempts", job.attempts());
        body.put("lastError", job.lastError());
        body.put("nextAttemptAt", job.nextAttemptAt());
        body.put("text", WritingJob.COMPLETED.equals(job.status()) ? job.text() : null);
        body.put("createdAt", job.createdAt());
        body.put("updatedAt", job.updatedAt());
        body.put("completedAt", job.completedAt());
        // the instruction and the sections are messages of the conversation from then on (set before completion)
        body.put("storedInConversationAt", job.storedInConversationAt());
        return body;
    }

    private static ResponseEntity<ProblemDetail> notFound() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such writing job.");
        problem.setType(URI.create("https://skein.dev/problems/not-found"));
        problem.setTitle("Not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }
}
