package dev.skein.gateway.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.skein.contracts.MessageInput;
import dev.skein.contracts.SalientMemory;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** The memory-service's internal API (docs/architecture.md), scoped by tenant in the path. */
public class MemoryClient {

    private static final String CONVERSATION = "/internal/tenants/{tenant}/conversations/{conversation}";

    private final RestClient http;

    private final UpstreamErrors errors;

    MemoryClient(RestClient http, UpstreamErrors errors) {
        this.http = http;
        this.errors = errors;
    }

    /** Appends messages without a reply; the answer (counts, sequences, watermark) as the service gives it. */
    public JsonNode importMessages(String tenantId, String conversationId, List<MessageInput> messages) {
        return this.errors.call("memory import", () -> this.http.post()
                .uri(CONVERSATION + "/messages:import", tenantId, conversationId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("messages", messages))
                .retrieve()
                .body(JsonNode.class));
    }

    public JsonNode transcript(String tenantId, String conversationId, String cursor, Integer limit) {
        return this.errors.call("memory transcript", () -> this.http.get()
                .uri(uri -> {
                    uri.path(CONVERSATION + "/messages");
                    if (cursor != null) {
                        uri.queryParam("cursor", cursor);
                    }
                    if (limit != null) {
                        uri.queryParam("limit", limit);
                    }
                    return uri.build(tenantId, conversationId);
                })
                .retrieve()
                .body(JsonNode.class));
    }

    public JsonNode memoryView(String tenantId, String conversationId) {
        return this.errors.call("memory view", () -> this.http.get()
                .uri(CONVERSATION + "/memory", tenantId, conversationId)
                .retrieve()
                .body(JsonNode.class));
    }

    /** The conversation's counters; a 404 problem when the tenant has no such conversation. */
    /** The conversation's most salient memories now; a 404 problem when it does not exist. */
    public List<SalientMemory> salient(String tenantId, String conversationId) {
        Salient salient = this.errors.call("memory salience", () -> this.http.get()
                .uri(CONVERSATION + "/salient", tenantId, conversationId)
                .retrieve()
                .body(Salient.class));
        return salient == null || salient.salient() == null ? List.of() : salient.salient();
    }

    record Salient(List<SalientMemory> salient) {
    }

    public ConversationStatus status(String tenantId, String conversationId) {
        return this.errors.call("memory status", () -> this.http.get()
                .uri(CONVERSATION, tenantId, conversationId)
                .retrieve()
                .body(ConversationStatus.class));
    }

    /** Erases the conversation's stream and memories; its uid lets the index drop late events. */
    public UUID delete(String tenantId, String conversationId) {
        Deleted deleted = this.errors.call("memory delete", () -> this.http.delete()
                .uri(CONVERSATION, tenantId, conversationId)
                .retrieve()
                .body(Deleted.class));
        return deleted == null ? null : deleted.conversationUid();
    }

    public record ConversationStatus(String conversationId, UUID conversationUid, Long messages, Long memories,
            Long lastSequence, Long historyTokens, Instant createdAt, Instant lastActivityAt) {
    }

    record Deleted(UUID conversationUid) {
    }
}
