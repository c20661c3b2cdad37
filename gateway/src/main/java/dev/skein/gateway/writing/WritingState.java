package dev.skein.gateway.writing;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.skein.contracts.internal.WritingJobView;

/**
 * A writing job as a client is shown it: the generation-service's view of the job, or,
 * while that does not know the job yet, the one this gateway accepted lately
 * ({@link AcceptedJobs}).
 */
sealed interface WritingState {

    /** accepted, planning, writing, reviewing, completed or failed */
    String status();

    /** The generation-service's view, shown as it is. */
    record Known(@JsonValue WritingJobView job) implements WritingState {

        @Override
        public String status() {
            return this.job.status();
        }
    }

    /** A job in Kafka that the generation-service has not consumed yet. */
    record Accepted(UUID jobId, String conversationId, String status, int targetWords,
            Instant acceptedAt) implements WritingState {

        static Accepted of(AcceptedJobs.Accepted job) {
            return new Accepted(job.jobId(), job.conversationId(), "accepted", job.targetWords(), job.at());
        }
    }

}
