package dev.skein.gateway.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.SalientMemory;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** The retrieval-service's internal API (docs/architecture.md), scoped by tenant in the path. */
public class RetrievalClient {

    private static final String CONVERSATION = "/internal/tenants/{tenant}/conversations/{conversation}";

    private final RestClient http;

    private final UpstreamErrors errors;

    RetrievalClient(RestClient http, UpstreamErrors errors) {
        this.http = http;
        this.errors = errors;
    }

    /** @param salient the conversation's salient memories, ranked up as in a turn's recall */
    public SearchAnswer search(String tenantId, String conversationId, String query, int topK, Long watermark,
            List<SalientMemory> salient) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("topK", topK);
        if (watermark != null) {
            body.put("watermark", watermark);
        }
        if (!salient.isEmpty()) {
            body.put("salient", salient);
        }
        return this.errors.call("retrieval search", () -> this.http.post()
                .uri(CONVERSATION + "/memory:search", tenantId, conversationId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(SearchAnswer.class));
    }

    /**
     * InfiniRetri over a text that is not part of any conversation; the body is passed on as the
     * client sent it (question, text, windowTokens?, cacheTokens?).
     */
    public LongInputAnswer longInputSearch(String tenantId, Map<String, Object> body) {
        return this.errors.call("retrieval long-input search", () -> this.http.post()
                .uri("/internal/tenants/{tenant}/long-input:search", tenantId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(LongInputAnswer.class));
    }

    public IndexStatus index(String tenantId, String conversationId) {
        return this.errors.call("retrieval index status", () -> this.http.get()
                .uri(CONVERSATION + "/index", tenantId, conversationId)
                .retrieve()
                .body(IndexStatus.class));
    }

    public void delete(String tenantId, String conversationId, UUID conversationUid) {
        this.errors.call("retrieval delete", () -> this.http.delete()
                .uri(uri -> uri.path(CONVERSATION)
                        .queryParamIfPresent("conversationUid", Optional.ofNullable(conversationUid))
                        .build(tenantId, conversationId))
                .retrieve()
                .toBodilessEntity());
    }

    public record SearchAnswer(List<Evidence> results, Long indexedThrough, Boolean consistent) {
    }

    /**
     * @param evidence the passages kept, with their character offsets in the text
     * @param windows how many windows the text was read in
     * @param documentTokens the text's length in tokens
     */
    public record LongInputAnswer(List<Passage> evidence, Integer windows, Integer documentTokens) {
    }

    /** @param start offset of the passage's first character in the text; {@code end} is exclusive */
    public record Passage(String text, Double score, Integer start, Integer end) {
    }

    public record IndexStatus(Long indexed, Long indexedThrough) {
    }
}
