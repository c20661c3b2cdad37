package dev.skein.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.TurnRequested;
import dev.skein.contracts.Usage;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's part of exact idempotency: a request sent again with the same externalId
 * or {@code Idempotency-Key} carries the first one's id (turn, import, writing job) to
 * the services, which treat a known id as done; copies in flight wait for one outcome; a
 * key with another request is refused.
 */
class IdempotencyIT extends AbstractGatewayIT {

    private static final UUID MESSAGE_ID = UUID.fromString("5d2c3a1e-2b9f-4f4e-a8e1-7c1b9d0e2f33");

    @Autowired
    JdbcTemplate jdbc;

    private String tenant;

    private String apiKey;

    private String conversation;

    @BeforeEach
    void newTenant() {
        this.tenant = newId("tenant");
        this.apiKey = newApiKey(this.tenant);
        this.conversation = newId("conv");
    }

    @Test
    void aTurnSentAgainWithTheSameExternalIdIsTheSameTurn() {
        String body = "{\"role\":\"user\",\"content\":\"Where did I park?\",\"externalId\":\"m-1\"}";
        TurnRequested first = answered(postAsync(messages(), this.apiKey, body));
        TurnRequested again = answered(postAsync(messages(), this.apiKey, body));
        // streamed this time: how the answer is sent is not part of the request
        CompletableFuture<HttpResponse<String>> streamed = http
            .sendAsync(request(messages(), this.apiKey).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        TurnRequested third = nextTurnRequested(this.conversation).event();
        produce(completed(third, "Level 3."));

        assertThat(again.turnId()).isEqualTo(first.turnId());
        assertThat(third.turnId()).isEqualTo(first.turnId());
        assertThat(streamed.join().body()).contains("event:reply").contains(first.turnId().toString());
    }

    @Test
    void copiesInFlightAtOnceAreAllAnsweredByTheOneOutcome() {
        String body = "{\"role\":\"user\",\"content\":\"Where did I park?\",\"externalId\":\"m-1\"}";
        CompletableFuture<HttpResponse<String>> one = postAsync(messages(), this.apiKey, body);
        CompletableFuture<HttpResponse<String>> two = postAsync(messages(), this.apiKey, body);
        TurnRequested first = nextTurnRequested(this.conversation).event();
        TurnRequested second = nextTurnRequested(this.conversation).event();
        assertThat(second.turnId()).isEqualTo(first.turnId());

        // the memory-service completes a turn once, whichever copy it handled first
        produce(completed(first, "Level 3, row F."));

        HttpResponse<String> a = one.join();
        HttpResponse<String> b = two.join();
        assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
        assertThat(b.statusCode()).as(b.body()).isEqualTo(200);
        assertThat(body(a)).isEqualTo(body(b));
        assertThat(body(a).at("/reply/content").asString()).isEqualTo("Level 3, row F.");
    }

    @Test
    void theSameExternalIdWithOtherContentIsAConflictForThatRequestAlone() {
        CompletableFuture<HttpResponse<String>> original = postAsync(messages(), this.apiKey,
                "{\"role\":\"user\",\"content\":\"I live in Berlin.\",\"externalId\":\"m-1\"}");
        TurnRequested first = nextTurnRequested(this.conversation).event();
        CompletableFuture<HttpResponse<String>> other = postAsync(messages(), this.apiKey,
                "{\"role\":\"user\",\"content\":\"I live in Lisbon.\",\"externalId\":\"m-1\"}");
        TurnRequested second = nextTurnRequested(this.conversation).event();
        assertThat(second.turnId()).isNotEqualTo(first.turnId());

        // as the memory-service answers a stored externalId with other content
        produce(new TurnFailed(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation, second.turnId(),
                "memory", "already names a message with other content", "conflict", "externalId"));

        JsonNode problem = assertProblem(other.join(), 409, "conflict");
        assertThat(problem.path("detail").asString())
            .isEqualTo("externalId already names a message with other content");
        assertThat(errorFields(problem)).containsExactly("externalId");
        assertThat(original).isNotDone();
        produce(completed(first, "Noted."));
        assertThat(original.join().statusCode()).isEqualTo(200);
    }

    @Test
    void aTurnSentAgainWithTheSameIdempotencyKeyIsTheSameTurnAndTheKeyIsTheTenantsOwn() {
        String body = "{\"role\":\"user\",\"content\":\"Hello\"}";
        TurnRequested first = answered(withKey(messages(), this.apiKey, "key-1", body));
        TurnRequested again = answered(withKey(messages(), this.apiKey, "key-1", body));
        TurnRequested withoutKey = answered(postAsync(messages(), this.apiKey, body));
        String otherKey = newApiKey(newId("tenant"));
        TurnRequested otherTenant = answered(withKey(messages(), otherKey, "key-1", body));

        assertThat(again.turnId()).isEqualTo(first.turnId());
        assertThat(withoutKey.turnId()).isNotEqualTo(first.turnId());
        assertThat(otherTenant.turnId()).isNotEqualTo(first.turnId());
    }

    @Test
    void theSameIdempotencyKeyWithAnotherRequestIs422AndSendsNothing() {
        answered(withKey(messages(), this.apiKey, "key-1", "{\"role\":\"user\",\"content\":\"Hello\"}"));

        JsonNode problem = assertProblem(
                withKey(messages(), this.apiKey, "key-1", "{\"role\":\"user\",\"content\":\"Goodbye\"}").join(), 422,
                "idempotency-key-reused");
        assertThat(errorFields(problem)).containsExactly("Idempotency-Key");
        // the same key on another endpoint is another request too
        assertOpenAiError(withKey("/v1/chat/completions", this.apiKey, "key-1",
                "{\"model\":\"m\",\"user\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"
                    .formatted(this.conversation))
            .join(), 422, "idempotency-key-reused");
        // nothing was produced for them: the next turn is this one
        CompletableFuture<HttpResponse<String>> next = postAsync(messages(), this.apiKey,
                "{\"role\":\"user\",\"content\":\"Next\"}");
        assertThat(nextTurnRequested(this.conversation).event().message().content()).isEqualTo("Next");
        next.cancel(true);
    }

    @Test
    void anExpiredKeyIsFreeForAnotherRequest() {
        TurnRequested first = answered(
                withKey(messages(), this.apiKey, "key-1", "{\"role\":\"user\",\"content\":\"Hello\"}"));
        this.jdbc.update("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE tenant_id = ?",
                this.tenant);

        TurnRequested other = answered(
                withKey(messages(), this.apiKey, "key-1", "{\"role\":\"user\",\"content\":\"Goodbye\"}"));

        assertThat(other.turnId()).isNotEqualTo(first.turnId());
    }

    @Test
    void aKeyThatIsNoKeyIsAValidationProblemNamingTheHeader() {
        JsonNode problem = assertProblem(
                withKey(messages(), this.apiKey, "x".repeat(256), "{\"role\":\"user\",\"content\":\"Hello\"}").join(),
                400, "validation");
        assertThat(errorFields(problem)).containsExactly("Idempotency-Key");
    }

    @Test
    void chatCompletionsSentAgainWithTheSameKeyAreTheSameTurn() {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        TurnRequested first = answered(withConversationAndKey(body));
        // another model and an earlier message: fields Skein does not act on
        TurnRequested again = answered(withConversationAndKey(
                "{\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"user\",\"content\":\"Hello\"}]}"));

        assertThat(again.turnId()).isEqualTo(first.turnId());
    }

    @Test
    void anImportAndAStoredMessageSentAgainWithTheSameKeyCarryTheSameRequestId() {
        String internal = "/internal/tenants/" + this.tenant + "/conversations/" + this.conversation
                + "/messages:import";
        memory.stub("POST", internal, 200, """
                {"conversationId":"%s","received":1,"imported":1,"duplicates":0,"firstSequence":4,
                 "lastSequence":4,"watermark":"4",
                 "messages":[{"messageId":"%s","sequence":4,"externalId":null,"duplicate":false}]}
                """.formatted(this.conversation, MESSAGE_ID));
        String entries = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String stored = "{\"role\":\"assistant\",\"content\":\"Noted.\"}";

        for (int i = 0; i < 2; i++) {
            assertThat(withKey(messages() + ":import", this.apiKey, "import-1", entries).join().statusCode())
                .isEqualTo(200);
            assertThat(withKey(messages(), this.apiKey, "stored-1", stored).join().statusCode()).isEqualTo(201);
        }
        assertThat(post(messages() + ":import", this.apiKey, entries).statusCode()).isEqualTo(200);
        assertProblem(
                withKey(messages() + ":import", this.apiKey, "import-1",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"bye\"}]}")
                    .join(),
                422, "idempotency-key-reused");

        List<JsonNode> sent = memory.callsFor(this.conversation)
            .stream()
            .map(call -> json.readTree(call.body()))
            .toList();
        assertThat(sent).hasSize(5);
        String importId = sent.get(0).path("requestId").asString();
        String storedId = sent.get(1).path("requestId").asString();
        assertThat(importId).isNotBlank().isNotEqualTo(storedId);
        assertThat(sent.get(2).path("requestId").asString()).isEqualTo(importId);
        assertThat(sent.get(3).path("requestId").asString()).isEqualTo(storedId);
        assertThat(sent.get(4).path("requestId").isNull()).isTrue();
    }

    @Test
    void aConflictOfTheMemoryServiceIsA409NamingTheField() {
        String internal = "/internal/tenants/" + this.tenant + "/conversations/" + this.conversation
                + "/messages:import";
        memory.stub("POST", internal, 409,
                """
                        {"type":"https://skein.dev/problems/conflict","title":"Conflict","status":409,
                         "detail":"messages[0].externalId already names a message with other content",
                         "errors":[{"field":"messages[0].externalId","message":"already names a message with other content"}]}""");

        JsonNode imported = assertProblem(
                post(messages() + ":import", this.apiKey,
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"externalId\":\"m-1\"}]}"),
                409, "conflict");
        JsonNode stored = assertProblem(
                post(messages(), this.apiKey, "{\"role\":\"assistant\",\"content\":\"hi\",\"externalId\":\"m-1\"}"),
                409, "conflict");

        assertThat(errorFields(imported)).containsExactly("messages[0].externalId");
        assertThat(errorFields(stored)).containsExactly("externalId");
        assertThat(stored.path("detail").asString()).isEqualTo("externalId already names a message with other content");
    }

    @Test
    void aWritingSentAgainWithTheSameKeyIsTheSameJob() {
        generation.stub("GET", "/internal/writing", 200, "{\"available\":true,\"reason\":null}");
        String body = "{\"instruction\":\"A report on the puppy\",\"targetWords\":1000}";
        String path = "/v1/conversations/" + this.conversation + "/writings";

        HttpResponse<String> first = withKey(path, this.apiKey, "writing-1", body).join();
        HttpResponse<String> again = withKey(path, this.apiKey, "writing-1", body).join();
        HttpResponse<String> other = post(path, this.apiKey, body);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(body(again)).isEqualTo(body(first));
        assertThat(body(other).path("jobId").asString()).isNotEqualTo(body(first).path("jobId").asString());
        assertProblem(
                withKey(path, this.apiKey, "writing-1",
                        "{\"instruction\":\"A report on the cat\",\"targetWords\":1000}")
                    .join(),
                422, "idempotency-key-reused");
    }

    private String messages() {
        return "/v1/conversations/" + this.conversation + "/messages";
    }

    private CompletableFuture<HttpResponse<String>> withKey(String path, String key, String idempotencyKey,
            String body) {
        return http.sendAsync(request(path, key).header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> withConversationAndKey(String body) {
        return http.sendAsync(request("/v1/chat/completions", this.apiKey).header("Content-Type", "application/json")
            .header("Idempotency-Key", "completion-1")
            .header("X-Conversation-Id", this.conversation)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Plays the rest of the turn for a request just sent; its TurnRequested. */
    private TurnRequested answered(CompletableFuture<HttpResponse<String>> response) {
        TurnRequested event = nextTurnRequested(this.conversation).event();
        produce(completed(event, "Answered."));
        HttpResponse<String> answer = response.join();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return event;
    }

    private static TurnCompleted completed(TurnRequested event, String content) {
        return new TurnCompleted(UUID.randomUUID(), Instant.now(), event.tenantId(), event.conversationId(),
                event.turnId(), MESSAGE_ID, 2, content, "extractive", List.of(), new Usage(10, 2, 5, 20), 0);
    }

}
