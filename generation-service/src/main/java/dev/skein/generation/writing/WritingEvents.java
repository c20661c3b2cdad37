package dev.skein.generation.writing;

import java.time.Instant;
import java.util.UUID;

import dev.skein.contracts.WritingProgressed;
import dev.skein.generation.writing.jobs.WritingJob;
import dev.skein.generation.writing.plan.PlannedSection;
import dev.skein.platform.kafka.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Publishes the progress of writing jobs on {@code generation.writing-progressed.v1},
 * keyed by conversation so one job's events stay in order. Progress is a view of the
 * stored job, not its record: an event Kafka does not take is logged and the job goes on
 * (the job's GET stays right).
 */
@Component
class WritingEvents {

    private static final Logger log = LoggerFactory.getLogger(WritingEvents.class);

    static final String PLANNED = "planned";

    static final String SECTION_STARTED = "section-started";

    static final String SECTION_WRITTEN = "section-written";

    static final String SECTION_REVIEWED = "section-reviewed";

    /**
     * A run failed transiently (LLM down, breaker open): the job stays writing and is
     * tried again later.
     */
    static final String RETRYING = "retrying";

    static final String COMPLETED = "completed";

    static final String FAILED = "failed";

    private final EventPublisher publisher;

    WritingEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    void planned(WritingJob job, int sections, String detail) {
        publish(job, PLANNED, WritingJob.WRITING, null, null, job.targetWords(), null, 0, sections, detail);
    }

    void section(WritingJob job, String kind, PlannedSection section, Integer words, int done, int sections,
            String detail) {
        publish(job, kind, WritingJob.WRITING, section.position(), section.title(), section.targetWords(), words, done,
                sections, detail);
    }

    void retrying(WritingJob job, Integer done, Integer sections, String detail) {
        publish(job, RETRYING, WritingJob.WRITING, null, null, job.targetWords(), null, done, sections, detail);
    }

    void completed(WritingJob job, int actualWords, int sections) {
        publish(job, COMPLETED, WritingJob.COMPLETED, null, null, job.targetWords(), actualWords, sections, sections,
                null);
    }

    void failed(WritingJob job, String reason, Integer done, Integer sections) {
        publish(job, FAILED, WritingJob.FAILED, null, null, job.targetWords(), null, done, sections, reason);
    }

    private void publish(WritingJob job, String kind, String status, Integer position, String title, Integer target,
            Integer words, Integer done, Integer sections, String detail) {
        WritingProgressed event = new WritingProgressed(UUID.randomUUID(), Instant.now(), job.tenantId(),
                job.conversationId(), job.jobId(), kind, status, position, title, target, words, done, sections,
                detail);
        try {
            this.publisher.publish(event, "writing-" + job.jobId());
        }
        catch (RuntimeException ex) {
            log.warn("Could not publish {} of writing job {}: {}", kind, job.jobId(), ex.toString());
        }
    }

}
