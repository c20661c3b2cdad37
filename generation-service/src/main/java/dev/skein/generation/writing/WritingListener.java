package dev.skein.generation.writing;

import java.time.Instant;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.Topics;
import dev.skein.contracts.WritingRequested;
import dev.skein.generation.writing.jobs.WritingJobs;
import dev.skein.platform.kafka.ListenerConcurrency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Stores each requested writing job (idempotent on its id) and hands it to the runner;
 * the record is committed once the job is stored, not when it is written, so a job of
 * many minutes never holds up the consumer. Erasing a conversation deletes its jobs and
 * is remembered: the two topics have no common order, so a request that occurred before
 * the erasure but arrives after it is dropped. A database error is thrown to the
 * platform's error policy, which retries it as an outage.
 */
@Component
class WritingListener {

    private static final Logger log = LoggerFactory.getLogger(WritingListener.class);

    private final WritingJobs jobs;

    private final WritingJobRunner runner;

    WritingListener(WritingJobs jobs, WritingJobRunner runner) {
        this.jobs = jobs;
        this.runner = runner;
    }

    @KafkaListener(topics = Topics.WRITING_REQUESTED, concurrency = ListenerConcurrency.ONE)
    void on(WritingRequested request) {
        if (request.jobId() == null || request.instruction() == null || request.instruction().isBlank()
                || request.targetWords() < 1) {
            // the gateway validates every request: this one did not come through it
            log.error("Dropping invalid writing request {}", request.jobId());
            return;
        }
        switch (this.jobs.accept(request)) {
            case ERASED -> {
                log.info("Dropping writing job {}: its conversation was erased after it was requested",
                        request.jobId());
                return;
            }
            case NEW -> log.info("Writing job {} accepted: {} words", request.jobId(), request.targetWords());
            case KNOWN -> log.debug("Writing job {} redelivered", request.jobId());
        }
        // also after a redelivery: the job may not have run yet (the runner skips
        // finished and running jobs)
        this.runner.submit(request.jobId());
    }

    @KafkaListener(topics = Topics.CONVERSATION_ERASED, concurrency = ListenerConcurrency.ONE)
    void on(ConversationErased erased) {
        // a job still running notices at its next write (0 rows) and stops; jobs
        // requested after the
        // erasure (a new conversation reusing the id) are kept
        Instant erasedAt = erased.occurredAt() != null ? erased.occurredAt() : Instant.now();
        int deleted = this.jobs.erase(erased.tenantId(), erased.conversationId(), erasedAt);
        if (deleted > 0) {
            log.info("Deleted {} writing jobs of an erased conversation", deleted);
        }
    }

}
