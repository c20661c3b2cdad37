package dev.skein.generation.writing;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The memory a section is written with: the retrieval-service's search of the conversation
 * ({@code POST /internal/tenants/{t}/conversations/{c}/memory:search}) for the section's title and
 * brief. A search that fails leaves the section without memory instead of failing the job.
 */
class MemoryContext {

    private static final Logger log = LoggerFactory.getLogger(MemoryContext.class);

    /** The search API's limit on a query is far above this; a title and brief never need more. */
    private static final int MAX_QUERY_CHARS = 2_000;

    private final RestClient http;

    private final int topK;

    MemoryContext(WritingProperties properties) {
        this.topK = properties.memoryTopK();
        this.http = RestClient.builder()
                .baseUrl(properties.retrievalUrl().toString())
                // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every new connection.
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                        .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                        .build(HttpClientSettings.defaults()
                                .withTimeouts(properties.retrievalTimeout(), properties.retrievalTimeout())))
                .build();
    }

    /** @param memories "[date] text" of each memory found, best first; {@code available} false when the search failed */
    record Recalled(List<String> memories, boolean available) {
    }

    Recalled recall(String tenantId, String conversationId, String query) {
        if (this.topK == 0) {
            return new Recalled(List.of(), true);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query.length() <= MAX_QUERY_CHARS ? query : query.substring(0, MAX_QUERY_CHARS));
        body.put("topK", this.topK);
        try {
            JsonNode answer = this.http.post()
                    .uri("/internal/tenants/{tenant}/conversations/{conversation}/memory:search", tenantId,
                            conversationId)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .retrieve()
                    .body(JsonNode.class);
            List<String> memories = new ArrayList<>();
            if (answer != null) {
                for (JsonNode result : answer.path("results")) {
                    String text = result.path("text").asString("").strip();
                    if (text.isEmpty()) {
                        continue;
                    }
                    String at = result.path("createdAt").asString("");
                    memories.add(at.length() >= 10 ? "[" + at.substring(0, 10) + "] " + text : text);
                }
            }
            return new Recalled(memories, true);
        }
        catch (RestClientException ex) {
            log.warn("Memory search for a writing job failed ({}); writing without memory", ex.toString());
            return new Recalled(List.of(), false);
        }
    }
}
