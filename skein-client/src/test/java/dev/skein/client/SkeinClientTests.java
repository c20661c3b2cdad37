package dev.skein.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.skein.client.StubSkein.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the client makes of HTTP answers (the real API is exercised by the e2e tests):
 * problems become typed exceptions, a 429 is sent again, the latest page is asked for by
 * sequence.
 */
class SkeinClientTests {

    private final StubSkein skein = StubSkein.start();

    @AfterEach
    void stop() {
        this.skein.close();
    }

    private SkeinClient client() {
        // a base URL ending in a slash is one too
        return SkeinClient.builder().baseUrl(this.skein.baseUrl() + "/").apiKey("key").build();
    }

    @Test
    void aProblemBecomesAnExceptionNamingTheFields() {
        this.skein.answer("/v1/conversations/c/messages:import", 409,
                "{\"type\":\"https://skein.dev/problems/conflict\",\"title\":\"Conflict\",\"status\":409,"
                        + "\"errors\":[{\"field\":\"messages[0].externalId\",\"message\":\"taken\"}]}");

        assertThatExceptionOfType(SkeinException.class)
            .isThrownBy(() -> client().importMessages("c", List.of(NewMessage.user("x").withExternalId("e"))))
            .satisfies(ex -> {
                assertThat(ex.status()).isEqualTo(409);
                assertThat(ex.problem().errors()).extracting(Problem.FieldError::field)
                    .containsExactly("messages[0].externalId");
                assertThat(ex.retryable()).isFalse();
            });
    }

    @Test
    void aRateLimitedCallIsSentAgainAfterRetryAfter() {
        AtomicInteger calls = new AtomicInteger();
        this.skein.answer("/v1/conversations/c/memory:search", request -> (calls.incrementAndGet() == 1)
                ? new Reply(429, "{\"status\":429,\"title\":\"Too Many Requests\"}", Map.of("Retry-After", "1")) : Reply
                    .of(200, "{\"results\":[{\"text\":\"hit\",\"score\":1.0,\"kind\":\"turn\"}],\"consistent\":true}"));

        SearchResult result = client().search("c", "q", 3);

        assertThat(calls).hasValue(2);
        assertThat(result.results()).extracting(Memory::text).containsExactly("hit");
    }

    @Test
    void theLatestMessagesArePagedFromTheirSequence() {
        this.skein.answer("/v1/conversations/c/messages", 200,
                "{\"messages\":[{\"sequence\":10,\"role\":\"user\",\"content\":\"last\"}],\"nextCursor\":null}");
        this.skein.answer("/v1/conversations/c", 200, "{\"conversationId\":\"c\",\"messages\":10,\"lastSequence\":10}");

        List<StoredMessage> recent = client().recentMessages("c", 3);

        assertThat(recent).extracting(StoredMessage::content).containsExactly("last");
        assertThat(this.skein.requestLines()).contains("GET /v1/conversations/c/messages?limit=3&cursor=7");
    }

    @Test
    void aMissingConversationHasNoMessages() {
        this.skein.answer("/v1/conversations/none", 404, "{\"status\":404,\"title\":\"Not Found\"}");

        assertThat(client().recentMessages("none", 5)).isEmpty();
        assertThat(client().find("none")).isEmpty();
    }

    @Test
    void theConversationIdsAreReadPageByPageEachOnce() {
        this.skein.answer("/v1/conversations", request -> Reply.of(200, request.uri().contains("cursor=p%2B2")
                ? "{\"conversations\":[{\"conversationId\":\"b\"},{\"conversationId\":\"c\"}],\"nextCursor\":null}"
                : "{\"conversations\":[{\"conversationId\":\"a\",\"messageCount\":3,"
                        + "\"lastActivityAt\":\"2026-12-01T10:00:00Z\"},{\"conversationId\":\"b\"}],"
                        + "\"nextCursor\":\"p+2\"}"));

        List<String> ids = client().conversationIds();

        assertThat(ids).containsExactly("a", "b", "c");
        assertThat(this.skein.requestLines()).containsExactly("GET /v1/conversations?limit=100",
                "GET /v1/conversations?limit=100&cursor=p%2B2");
        ConversationList first = client().conversations(null, 2);
        assertThat(first.nextCursor()).isEqualTo("p+2");
        assertThat(first.conversations().get(0).messageCount()).isEqualTo(3);
        assertThat(first.conversations().get(0).lastActivityAt()).hasToString("2026-12-01T10:00:00Z");
    }

    @Test
    void aMessageAndAnImportNameTheirUser() {
        this.skein.answer("/v1/conversations/monday/messages", 200,
                "{\"turnId\":\"6f1c0a52-6f0e-4a55-8a3a-0c1c1d8d2f11\",\"sequence\":1,"
                        + "\"reply\":{\"content\":\"Porto, noted.\"},\"evidence\":[{\"text\":\"Ana\","
                        + "\"score\":0.5,\"kind\":\"turn\",\"conversationId\":\"sunday\"}]}");
        this.skein.answer("/v1/conversations/tuesday/messages:import", 200,
                "{\"conversationId\":\"tuesday\",\"received\":1,\"imported\":1,\"lastSequence\":1}");

        TurnResult turn = client().send("monday", NewMessage.user("My sister Ana lives in Porto.").withUserId("u-42"));
        client().importMessages("tuesday", "u-42", List.of(NewMessage.user("hi").withExternalId("e1")));
        client().importMessages("tuesday", List.of(NewMessage.user("hi").withExternalId("e1")));

        assertThat(this.skein.bodies().get(0)).contains("\"userId\":\"u-42\"");
        assertThat(turn.evidence()).extracting(Memory::conversationId).containsExactly("sunday");
        // the import's user is the import's, not a message's (the API refuses those)
        assertThat(this.skein.bodies().get(1)).isEqualTo(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"externalId\":\"e1\"}],\"userId\":\"u-42\"}");
        assertThat(this.skein.bodies().get(2)).doesNotContain("userId");
    }

    @Test
    void aUsersConversationsFactsAndSearchesAreTyped() {
        this.skein.answer("/v1/users/u+42/conversations", 200,
                "{\"conversations\":[{\"conversationId\":\"tuesday\",\"messageCount\":2,\"userId\":\"u+42\"}],"
                        + "\"nextCursor\":\"n1\"}");
        this.skein.answer("/v1/users/u+42/memory", 200,
                "{\"userId\":\"u+42\",\"facts\":[{\"memoryId\":\"6f1c0a52-6f0e-4a55-8a3a-0c1c1d8d2f11\","
                        + "\"conversationId\":\"monday\",\"sequence\":3,\"text\":\"My sister Ana lives in Porto.\","
                        + "\"salience\":0.8,\"pinned\":true,\"createdAt\":\"2026-12-01T10:00:00Z\"}],\"nextCursor\":null}");
        this.skein.answer("/v1/users/u+42/memory:search", 200,
                "{\"results\":[{\"text\":\"Ana\",\"score\":1.0,\"kind\":\"turn\",\"conversationId\":\"monday\"}],"
                        + "\"consistent\":true}");
        this.skein.answer("/v1/conversations/tuesday/memory:search", 200,
                "{\"results\":[{\"text\":\"Ana\",\"score\":1.0,\"kind\":\"turn\",\"conversationId\":\"monday\"}],"
                        + "\"consistent\":true}");

        ConversationList conversations = client().userConversations("u+42", "c/1", 5);
        UserMemory memory = client().userMemory("u+42", null, 20);
        SearchResult byUser = client().searchUser("u+42", "sister", 3);
        SearchResult scoped = client().search("tuesday", "sister", 4, null, SearchScope.USER);

        assertThat(this.skein.requestLines()).containsExactly("GET /v1/users/u%2B42/conversations?limit=5&cursor=c%2F1",
                "GET /v1/users/u%2B42/memory?limit=20", "POST /v1/users/u%2B42/memory:search",
                "POST /v1/conversations/tuesday/memory:search");
        assertThat(conversations.conversations()).singleElement().satisfies(summary -> {
            assertThat(summary.conversationId()).isEqualTo("tuesday");
            assertThat(summary.userId()).isEqualTo("u+42");
        });
        assertThat(conversations.nextCursor()).isEqualTo("n1");
        assertThat(memory.facts()).singleElement().satisfies(fact -> {
            assertThat(fact.conversationId()).isEqualTo("monday");
            assertThat(fact.text()).isEqualTo("My sister Ana lives in Porto.");
            assertThat(fact.pinned()).isTrue();
            assertThat(fact.createdAt()).hasToString("2026-12-01T10:00:00Z");
        });
        assertThat(memory.nextCursor()).isNull();
        assertThat(this.skein.bodies().get(2)).isEqualTo("{\"query\":\"sister\",\"topK\":3}");
        assertThat(byUser.results()).extracting(Memory::conversationId).containsExactly("monday");
        assertThat(this.skein.bodies().get(3)).isEqualTo("{\"query\":\"sister\",\"topK\":4,\"scope\":\"user\"}");
        assertThat(scoped.results()).extracting(Memory::conversationId).containsExactly("monday");
    }

    @Test
    void aBadUserIdIsAProblemAndErasingAnUnknownUserIsFalse() {
        this.skein.answer("/v1/users/bad id/memory", 400,
                "{\"type\":\"https://skein.dev/problems/validation\",\"title\":\"Bad Request\",\"status\":400,"
                        + "\"errors\":[{\"field\":\"userId\",\"message\":\"must match [A-Za-z0-9._:-]{1,128} and must not be . or ..\"}]}");
        this.skein.answer("/v1/users/u-42", 204, "");
        this.skein.answer("/v1/users/gone", 404, "{\"status\":404,\"title\":\"Not Found\"}");

        assertThatExceptionOfType(SkeinException.class).isThrownBy(() -> client().userMemory("bad id", null, 20))
            .satisfies(ex -> {
                assertThat(ex.status()).isEqualTo(400);
                assertThat(ex.problem().errors()).extracting(Problem.FieldError::field).containsExactly("userId");
            });
        assertThat(client().deleteUser("u-42")).isTrue();
        assertThat(client().deleteUser("gone")).isFalse();
        assertThat(this.skein.requestLines()).contains("DELETE /v1/users/u-42", "DELETE /v1/users/gone");
    }

    @Test
    void aNewConversationOfAUserRecallsFromTheUsersConversations() {
        this.skein.answer("/v1/conversations/new/memory:search", 404, "{\"status\":404,\"title\":\"Not Found\"}");
        this.skein.answer("/v1/users/u-42/memory:search", 200,
                "{\"results\":[{\"text\":\"Ana lives in Porto\",\"score\":1.0,\"kind\":\"turn\","
                        + "\"conversationId\":\"monday\"}],\"consistent\":true}");
        this.skein.answer("/v1/users/u-new/memory:search", 404, "{\"status\":404,\"title\":\"Not Found\"}");

        assertThat(Recall.memories(client(), "new", "u-42", "sister", 3)).extracting(Memory::text)
            .containsExactly("Ana lives in Porto");
        assertThat(this.skein.bodies().get(0)).contains("\"scope\":\"user\"");
        assertThat(Recall.memories(client(), "new", "u-new", "sister", 3)).isEmpty();
        assertThat(Recall.memories(client(), "new", null, "sister", 3)).isEmpty();
        assertThat(this.skein.requestLines()).containsExactly("POST /v1/conversations/new/memory:search",
                "POST /v1/users/u-42/memory:search", "POST /v1/conversations/new/memory:search",
                "POST /v1/users/u-new/memory:search", "POST /v1/conversations/new/memory:search");
    }

}
