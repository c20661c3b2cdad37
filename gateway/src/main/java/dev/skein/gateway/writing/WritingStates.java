package dev.skein.gateway.writing;

import java.util.UUID;

import dev.skein.platform.client.GenerationApi;
import dev.skein.platform.web.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A writing job's state as the client sees it: the generation-service's, or, while that
 * does not know the job yet, {@code accepted} for a job this gateway accepted lately
 * ({@link AcceptedJobs}).
 */
@Component
class WritingStates {

    private final GenerationApi generation;

    private final AcceptedJobs accepted;

    WritingStates(GenerationApi generation, AcceptedJobs accepted) {
        this.generation = generation;
        this.accepted = accepted;
    }

    /**
     * The job's state; a 404 problem when the conversation has no such job that this
     * gateway knows of either.
     */
    WritingState read(String tenantId, String conversationId, UUID jobId) {
        try {
            return new WritingState.Known(this.generation.writing(tenantId, conversationId, jobId));
        }
        catch (ProblemException ex) {
            if (ex.problem().getStatus() != HttpStatus.NOT_FOUND.value()) {
                throw ex;
            }
            return this.accepted.find(tenantId, conversationId, jobId)
                .<WritingState>map(WritingState.Accepted::of)
                .orElseThrow(() -> ex);
        }
    }

}
