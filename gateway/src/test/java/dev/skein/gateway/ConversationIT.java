package dev.skein.gateway;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read, search, import and delete calls, routed to the memory and retrieval
 * stand-ins.
 */
class ConversationIT extends AbstractGatewayIT {

    private static final String UID = "9a8b7c6d-1111-4222-8333-444455556666";

    private String tenant;

    private String apiKey;

    private String conversation;

    private String internal;

    @BeforeEach
    void newTenant() {
        this.tenant = newId("tenant");
        this.apiKey = newApiKey(this.tenant);
        this.conversation = newId("conv");
        this.internal = "/internal/tenants/" + this.tenant + "/conversations/" + this.conversation;
    }

    @Test
    void searchOfAConversationTheMemoryServiceDoesNotHaveIsItsNotFound() {
        // the retrieval-service passes on the memory-service's 404 for the salient
        // memories
        retrieval.stub("POST", this.internal + "/memory:search", 404, """
                {"type":"https://skein.dev/problems/not-found","title":"Not found","status":404,
                 "detail":"No conversation %s"}""".formatted(this.conversation));

        HttpResponse<String> response = post(path("/memory:search"), this.apiKey, "{\"query\":\"parking\"}");

        assertProblem(response, 404, "not-found");
        assertThat(memory.callsFor(this.conversation)).as("one call: the retrieval-service asks").isEmpty();
    }

    @Test
    void searchReturnsRankedMemoriesAndLeavesTheSalienceToTheRetrievalService() {
        retrieval.stub("POST", this.internal + "/memory:search", 200, """
                {"results":[{"memoryId":"0b7f4f56-6a43-4b0e-8f6a-3f0d0f6a9c11","kind":"turn",
                             "text":"Ann: level 3, row F","score":0.91,"externalIds":["m-1"],
                             "messageIds":["5d2c3a1e-2b9f-4f4e-a8e1-7c1b9d0e2f33"],"firstSequence":3,
                             "lastSequence":3,"createdAt":"2024-04-30T08:15:00Z"}],
                 "indexedThrough":12,"consistent":true}""");

        HttpResponse<String> response = post(path("/memory:search"), this.apiKey,
                "{\"query\":\"where is the car\",\"watermark\":12}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response)).isEqualTo(json.readTree("""
                {"results":[{"memoryId":"0b7f4f56-6a43-4b0e-8f6a-3f0d0f6a9c11","text":"Ann: level 3, row F",
                             "score":0.91,"kind":"turn","externalIds":["m-1"],
                             "createdAt":"2024-04-30T08:15:00Z","conversationId":"%s"}],
                 "consistent":true}""".formatted(this.conversation)));
        JsonNode sent = json.readTree(retrieval.callsFor(this.conversation).get(0).body());
        assertThat(sent).isEqualTo(json.readTree("""
                {"query":"where is the car","topK":10,"watermark":12,"salienceFromMemory":true}"""));
        assertThat(memory.callsFor(this.conversation)).isEmpty();
    }

    @Test
    void statusMergesTheIndexProgress() {
        stubStatus(12);
        retrieval.stub("GET", this.internal + "/index", 200, "{\"indexed\":9,\"indexedThrough\":10}");

        HttpResponse<String> response = get(path(""), this.apiKey);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response)).isEqualTo(json.readTree("""
                {"conversationId":"%s","messages":12,"memories":9,"indexed":9,"indexedThrough":10,
                 "lastSequence":12,"historyTokens":480,"createdAt":"2024-04-30T08:00:00Z",
                 "lastActivityAt":"2024-05-01T12:00:00Z","status":"indexing","userId":null}"""
            .formatted(this.conversation)));
    }

    @Test
    void deleteErasesTheStreamThenTheIndex() {
        memory.stub("DELETE", this.internal, 200, "{\"conversationUid\":\"" + UID + "\"}");
        retrieval.stub("DELETE", this.internal, 204, null);

        HttpResponse<String> response = delete(path(""), this.apiKey);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(memory.callsFor(this.conversation)).extracting(UpstreamStandIn.Call::method)
            .containsExactly("DELETE");
        assertThat(retrieval.callsFor(this.conversation)).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo("DELETE");
            assertThat(call.query()).isEqualTo("conversationUid=" + UID);
        });
    }

    @Test
    void deleteOfAnAbsentConversationIsNotFound() {
        assertProblem(delete(path(""), this.apiKey), 404, "not-found");
        assertThat(retrieval.callsFor(this.conversation)).isEmpty();
    }

    @Test
    void importPassesTheCountsOn() {
        memory.stub("POST", this.internal + "/messages:import", 200, """
                {"conversationId":"%s","received":2,"imported":1,"duplicates":1,"firstSequence":1,
                 "lastSequence":1,"watermark":1,"messages":[]}""".formatted(this.conversation));

        HttpResponse<String> response = post(path("/messages:import"), this.apiKey, """
                {"messages":[{"role":"user","content":"hi","externalId":"a","createdAt":"2024-01-01T00:00:00Z"},
                             {"role":"assistant","content":"hello","externalId":"b"}]}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response).path("imported").asInt()).isEqualTo(1);
        assertThat(body(response).path("watermark").asLong()).isEqualTo(1);
        JsonNode sent = json.readTree(memory.callsFor(this.conversation).get(0).body());
        assertThat(sent.path("messages")).hasSize(2);
        assertThat(sent.at("/messages/0/createdAt").asString()).isEqualTo("2024-01-01T00:00:00Z");
    }

    @Test
    void transcriptPassesCursorAndLimit() {
        memory.stub("GET", this.internal + "/messages", 200, "{\"messages\":[],\"nextCursor\":\"c2\"}");

        HttpResponse<String> response = get(path("/messages?cursor=c1&limit=20"), this.apiKey);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).path("nextCursor").asString()).isEqualTo("c2");
        assertThat(memory.callsFor(this.conversation).get(0).query()).isEqualTo("cursor=c1&limit=20");
    }

    @Test
    void upstreamValidationProblemIsPassedOn() {
        memory.stub("GET", this.internal + "/messages", 400, """
                {"type":"https://skein.dev/problems/validation","title":"Invalid request","status":400,
                 "detail":"limit must be at most 500","errors":[{"field":"limit","message":"must be at most 500"}]}""");

        JsonNode problem = assertProblem(get(path("/messages?limit=5000"), this.apiKey), 400, "validation");

        assertThat(errorFields(problem)).containsExactly("limit");
    }

    @Test
    void upstreamFailureIsUnavailableWithoutInternals() {
        memory.stub("GET", this.internal + "/memory", 500,
                "{\"detail\":\"org.postgresql.util.PSQLException: relation memory.x does not exist\"}");

        HttpResponse<String> response = get(path("/memory"), this.apiKey);

        assertProblem(response, 503, "upstream-unavailable");
        assertThat(response.body()).doesNotContain("PSQLException").doesNotContain("127.0.0.1");
    }

    private void stubStatus(long lastSequence) {
        memory.stub("GET", this.internal, 200, """
                {"conversationId":"%s","conversationUid":"%s","messages":12,"memories":9,"lastSequence":%d,
                 "historyTokens":480,"createdAt":"2024-04-30T08:00:00Z","lastActivityAt":"2024-05-01T12:00:00Z"}
                """.formatted(this.conversation, UID, lastSequence));
    }

    private String path(String suffix) {
        return "/v1/conversations/" + this.conversation + suffix;
    }

}
