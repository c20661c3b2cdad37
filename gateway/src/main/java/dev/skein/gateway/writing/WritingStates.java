package dev.skein.gateway.writing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.skein.gateway.internal.GenerationClient;
import dev.skein.platform.web.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A writing job's state as the client sees it: the generation-service's, or, while that does not
 * know the job yet, {@code accepted} for a job this gateway accepted lately ({@link AcceptedJobs}).
 */
@Component
class WritingStates {

    private final GenerationClient generation;

    private final AcceptedJobs accepted;

    private final JsonMapper json;

    WritingStates(GenerationClient generation, AcceptedJobs accepted, JsonMapper json) {
        this.generation = generation;
        this.accepted = accepted;
        this.json = json;
    }

    /** The job's state; a 404 problem when the conversation has no such job that this gateway knows of either. */
    JsonNode read(String tenantId, String conversationId, UUID jobId) {
        try {
            return this.generation.writing(tenantId, conversationId, jobId);
        }
        catch (ProblemException ex) {
            if (ex.problem().getStatus() != HttpStatus.NOT_FOUND.value()) {
                throw ex;
            }
            return this.accepted.find(tenantId, conversationId, jobId).map(this::view).orElseThrow(() -> ex);
        }
    }

    private JsonNode view(AcceptedJobs.Accepted job) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobId", job.jobId());
        body.put("conversationId", job.conversationId());
        body.put("status", "accepted");
        body.put("targetWords", job.targetWords());
        body.put("acceptedAt", job.at());
        return this.json.valueToTree(body);
    }
}
