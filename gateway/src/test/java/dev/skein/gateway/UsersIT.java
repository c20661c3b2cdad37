package dev.skein.gateway;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users API and the user scope of search, routed to the memory and retrieval
 * stand-ins: the user's conversations are asked of the memory-service and handed to the
 * retrieval-service as the set to search; erasing a user erases each of its
 * conversations' index.
 */
class UsersIT extends AbstractGatewayIT {

    private static final String UID_1 = "9a8b7c6d-1111-4222-8333-444455556661";

    private static final String UID_2 = "9a8b7c6d-1111-4222-8333-444455556662";

    private String tenant;

    private String apiKey;

    private String conversation;

    private String other;

    private String user;

    @BeforeEach
    void newTenant() {
        this.tenant = newId("tenant");
        this.apiKey = newApiKey(this.tenant);
        this.conversation = newId("conv");
        this.other = newId("conv");
        this.user = newId("user");
    }

    @Test
    void aSearchInTheUserScopeAlsoSearchesTheUsersOtherConversations() {
        String internal = "/internal/tenants/" + this.tenant + "/conversations/" + this.conversation;
        memory.stub("GET", internal, 200, """
                {"conversationId":"%s","conversationUid":"%s","messages":2,"memories":2,"lastSequence":2,
                 "historyTokens":40,"createdAt":"2024-04-30T08:00:00Z","lastActivityAt":"2024-05-01T12:00:00Z",
                 "userId":"%s"}""".formatted(this.conversation, UID_1, this.user));
        memory.stub("GET", "/internal/tenants/" + this.tenant + "/users/" + this.user + "/conversations", 200, """
                {"conversations":[
                   {"conversationId":"%s","messageCount":2,"memoryCount":2,"createdAt":"2024-04-30T08:00:00Z",
                    "lastActivityAt":"2024-05-01T12:00:00Z","userId":"%s"},
                   {"conversationId":"%s","messageCount":4,"memoryCount":4,"createdAt":"2024-04-29T08:00:00Z",
                    "lastActivityAt":"2024-04-29T12:00:00Z","userId":"%s"}],"nextCursor":null}"""
            .formatted(this.conversation, this.user, this.other, this.user));
        retrieval.stub("POST", internal + "/memory:search", 200, """
                {"results":[{"memoryId":"0b7f4f56-6a43-4b0e-8f6a-3f0d0f6a9c11","kind":"turn",
                             "text":"My sister lives in Porto.","score":1.2,"externalIds":[],
                             "messageIds":[],"firstSequence":1,"lastSequence":1,
                             "createdAt":"2024-04-29T08:15:00Z","conversationId":"%s"}],
                 "indexedThrough":2,"consistent":true}""".formatted(this.other));

        HttpResponse<String> response = post("/v1/conversations/" + this.conversation + "/memory:search", this.apiKey,
                "{\"query\":\"Where does my sister live?\",\"scope\":\"user\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response).at("/results/0/conversationId").asString()).isEqualTo(this.other);
        JsonNode sent = json.readTree(retrieval.callsFor(this.conversation).get(0).body());
        assertThat(sent.path("conversationIds").toString()).isEqualTo("[\"" + this.other + "\"]");
    }

    @Test
    void aSearchInTheConversationScopeNamesNoOtherConversation() {
        String internal = "/internal/tenants/" + this.tenant + "/conversations/" + this.conversation;
        retrieval.stub("POST", internal + "/memory:search", 200,
                "{\"results\":[],\"indexedThrough\":2,\"consistent\":true}");

        HttpResponse<String> response = post("/v1/conversations/" + this.conversation + "/memory:search", this.apiKey,
                "{\"query\":\"sister\",\"scope\":\"conversation\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(retrieval.callsFor(this.conversation).get(0).body()).has("conversationIds")).isFalse();
    }

    @Test
    void erasingAUserErasesTheIndexOfEachOfItsConversations() {
        memory.stub("DELETE", "/internal/tenants/" + this.tenant + "/users/" + this.user, 200, """
                {"userId":"%s","conversations":[{"conversationId":"%s","conversationUid":"%s"},
                                                {"conversationId":"%s","conversationUid":"%s"}]}""".formatted(this.user,
                this.conversation, UID_1, this.other, UID_2));
        retrieval.stub("DELETE", "/internal/tenants/" + this.tenant + "/conversations/" + this.conversation, 204, null);
        retrieval.stub("DELETE", "/internal/tenants/" + this.tenant + "/conversations/" + this.other, 204, null);

        HttpResponse<String> response = delete("/v1/users/" + this.user, this.apiKey);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(retrieval.callsFor(this.conversation)).singleElement()
            .satisfies(call -> assertThat(call.query()).isEqualTo("conversationUid=" + UID_1));
        assertThat(retrieval.callsFor(this.other)).singleElement()
            .satisfies(call -> assertThat(call.query()).isEqualTo("conversationUid=" + UID_2));
    }

    @Test
    void anUnknownUserIsNotFoundAndBadInputIsAProblem() {
        assertProblem(get("/v1/users/" + this.user + "/memory", this.apiKey), 404, "not-found");
        assertProblem(delete("/v1/users/" + this.user, this.apiKey), 404, "not-found");
        assertProblem(get("/v1/users/" + this.user + "/conversations?limit=0", this.apiKey), 400, "validation");
        assertProblem(post("/v1/conversations/" + this.conversation + "/memory:search", this.apiKey,
                "{\"query\":\"sister\",\"scope\":\"everyone\"}"), 400, "validation");
        assertProblem(post("/v1/users/" + this.user + "/memory:search", this.apiKey,
                "{\"query\":\"sister\",\"watermark\":3}"), 400, "validation");
        assertProblem(post("/v1/conversations/" + this.conversation + "/messages", this.apiKey,
                "{\"role\":\"user\",\"content\":\"hi\",\"userId\":\"not valid\"}"), 400, "validation");
        assertProblem(post("/v1/conversations/" + this.conversation + "/messages:import", this.apiKey,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"userId\":\"u\"}]}"), 400, "validation");
    }

}
