package dev.skein.gateway.internal;

import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.web.client.RestClient;

/** The generation-service's internal API of long-form writing jobs, scoped by tenant in the path. */
public class GenerationClient {

    private final RestClient http;

    private final UpstreamErrors errors;

    GenerationClient(RestClient http, UpstreamErrors errors) {
        this.http = http;
        this.errors = errors;
    }

    /** The job as the generation-service holds it; a 404 problem when this tenant's conversation has no such job. */
    public JsonNode writing(String tenantId, String conversationId, UUID jobId) {
        return this.errors.call("generation writing", () -> this.http.get()
                .uri("/internal/tenants/{tenant}/conversations/{conversation}/writings/{jobId}", tenantId,
                        conversationId, jobId)
                .retrieve()
                .body(JsonNode.class));
    }

    /** Whether the generation-service can write long texts (it has an LLM), and if not, why. */
    public WritingAvailability writingAvailability() {
        return this.errors.call("generation writing availability", () -> this.http.get()
                .uri("/internal/writing")
                .retrieve()
                .body(WritingAvailability.class));
    }

    public record WritingAvailability(Boolean available, String reason) {
    }
}
