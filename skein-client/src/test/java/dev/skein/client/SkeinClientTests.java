package dev.skein.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the client makes of HTTP answers (the real API is exercised by the e2e tests):
 * problems become typed exceptions, a 429 is sent again, the latest page is asked for by
 * sequence.
 */
class SkeinClientTests {

    private final HttpServer server;

    private final List<String> requests = new CopyOnWriteArrayList<>();

    private final List<String> bodies = new CopyOnWriteArrayList<>();

    SkeinClientTests() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.start();
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    private SkeinClient client() {
        return SkeinClient.builder()
            .baseUrl("http://127.0.0.1:" + this.server.getAddress().getPort() + "/")
            .apiKey("key")
            .build();
    }

    private void answer(String path, Handler handler) {
        this.server.createContext(path, exchange -> {
            this.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            this.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            handler.handle(exchange);
        });
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void aProblemBecomesAnExceptionNamingTheFields() {
        answer("/v1/conversations/c/messages:import",
                exchange -> send(exchange, 409, "application/problem+json",
                        "{\"type\":\"https://skein.dev/problems/conflict\",\"title\":\"Conflict\",\"status\":409,"
                                + "\"errors\":[{\"field\":\"messages[0].externalId\",\"message\":\"taken\"}]}"));

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
        answer("/v1/conversations/c/memory:search", exchange -> {
            if (calls.incrementAndGet() == 1) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                send(exchange, 429, "application/problem+json", "{\"status\":429,\"title\":\"Too Many Requests\"}");
            }
            else {
                send(exchange, 200, "application/json",
                        "{\"results\":[{\"text\":\"hit\",\"score\":1.0,\"kind\":\"turn\"}],\"consistent\":true}");
            }
        });

        SearchResult result = client().search("c", "q", 3);

        assertThat(calls).hasValue(2);
        assertThat(result.results()).extracting(Memory::text).containsExactly("hit");
    }

    @Test
    void theLatestMessagesArePagedFromTheirSequence() {
        answer("/v1/conversations/c/messages", exchange -> send(exchange, 200, "application/json",
                "{\"messages\":[{\"sequence\":10,\"role\":\"user\",\"content\":\"last\"}],\"nextCursor\":null}"));
        answer("/v1/conversations/c", exchange -> send(exchange, 200, "application/json",
                "{\"conversationId\":\"c\",\"messages\":10,\"lastSequence\":10}"));

        List<StoredMessage> recent = client().recentMessages("c", 3);

        assertThat(recent).extracting(StoredMessage::content).containsExactly("last");
        assertThat(this.requests).contains("GET /v1/conversations/c/messages?limit=3&cursor=7");
    }

    @Test
    void aMissingConversationHasNoMessages() {
        answer("/v1/conversations/none", exchange -> send(exchange, 404, "application/problem+json",
                "{\"status\":404,\"title\":\"Not Found\"}"));

        assertThat(client().recentMessages("none", 5)).isEmpty();
        assertThat(client().find("none")).isEmpty();
    }

    @Test
    void theConversationIdsAreReadPageByPageEachOnce() {
        answer("/v1/conversations", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            send(exchange, 200, "application/json", query.contains("cursor=p%2B2")
                    ? "{\"conversations\":[{\"conversationId\":\"b\"},{\"conversationId\":\"c\"}],\"nextCursor\":null}"
                    : "{\"conversations\":[{\"conversationId\":\"a\",\"messageCount\":3,"
                            + "\"lastActivityAt\":\"2026-12-01T10:00:00Z\"},{\"conversationId\":\"b\"}],"
                            + "\"nextCursor\":\"p+2\"}");
        });

        List<String> ids = client().conversationIds();

        assertThat(ids).containsExactly("a", "b", "c");
        assertThat(this.requests).containsExactly("GET /v1/conversations?limit=100",
                "GET /v1/conversations?limit=100&cursor=p%2B2");
        ConversationList first = client().conversations(null, 2);
        assertThat(first.nextCursor()).isEqualTo("p+2");
        assertThat(first.conversations().get(0).messageCount()).isEqualTo(3);
        assertThat(first.conversations().get(0).lastActivityAt()).hasToString("2026-12-01T10:00:00Z");
    }

    @Test
    void aMessageAndAnImportNameTheirUser() {
        answer("/v1/conversations/monday/messages",
                exchange -> send(exchange, 200, "application/json",
                        "{\"turnId\":\"6f1c0a52-6f0e-4a55-8a3a-0c1c1d8d2f11\",\"sequence\":1,"
                                + "\"reply\":{\"content\":\"Porto, noted.\"},\"evidence\":[{\"text\":\"Ana\","
                                + "\"score\":0.5,\"kind\":\"turn\",\"conversationId\":\"sunday\"}]}"));
        answer("/v1/conversations/tuesday/messages:import", exchange -> send(exchange, 200, "application/json",
                "{\"conversationId\":\"tuesday\",\"received\":1,\"imported\":1,\"lastSequence\":1}"));

        TurnResult turn = client().send("monday", NewMessage.user("My sister Ana lives in Porto.").withUserId("u-42"));
        client().importMessages("tuesday", "u-42", List.of(NewMessage.user("hi").withExternalId("e1")));
        client().importMessages("tuesday", List.of(NewMessage.user("hi").withExternalId("e1")));

        assertThat(this.bodies.get(0)).contains("\"userId\":\"u-42\"");
        assertThat(turn.evidence()).extracting(Memory::conversationId).containsExactly("sunday");
        // the import's user is the import's, not a message's (the API refuses those)
        assertThat(this.bodies.get(1)).isEqualTo(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"externalId\":\"e1\"}],\"userId\":\"u-42\"}");
        assertThat(this.bodies.get(2)).doesNotContain("userId");
    }

    @Test
    void aUsersConversationsFactsAndSearchesAreTyped() {
        answer("/v1/users/u+42/conversations",
                exchange -> send(exchange, 200, "application/json",
                        "{\"conversations\":[{\"conversationId\":\"tuesday\",\"messageCount\":2,\"userId\":\"u+42\"}],"
                                + "\"nextCursor\":\"n1\"}"));
        answer("/v1/users/u+42/memory", exchange -> send(exchange, 200, "application/json",
                "{\"userId\":\"u+42\",\"facts\":[{\"memoryId\":\"6f1c0a52-6f0e-4a55-8a3a-0c1c1d8d2f11\","
                        + "\"conversationId\":\"monday\",\"sequence\":3,\"text\":\"My sister Ana lives in Porto.\","
                        + "\"salience\":0.8,\"pinned\":true,\"createdAt\":\"2026-12-01T10:00:00Z\"}],\"nextCursor\":null}"));
        answer("/v1/users/u+42/memory:search", exchange -> send(exchange, 200, "application/json",
                "{\"results\":[{\"text\":\"Ana\",\"score\":1.0,\"kind\":\"turn\",\"conversationId\":\"monday\"}],"
                        + "\"consistent\":true}"));
        answer("/v1/conversations/tuesday/memory:search", exchange -> send(exchange, 200, "application/json",
                "{\"results\":[{\"text\":\"Ana\",\"score\":1.0,\"kind\":\"turn\",\"conversationId\":\"monday\"}],"
                        + "\"consistent\":true}"));

        ConversationList conversations = client().userConversations("u+42", "c/1", 5);
        UserMemory memory = client().userMemory("u+42", null, 20);
        SearchResult byUser = client().searchUser("u+42", "sister", 3);
        SearchResult scoped = client().search("tuesday", "sister", 4, null, SearchScope.USER);

        assertThat(this.requests).containsExactly("GET /v1/users/u%2B42/conversations?limit=5&cursor=c%2F1",
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
        assertThat(this.bodies.get(2)).isEqualTo("{\"query\":\"sister\",\"topK\":3}");
        assertThat(byUser.results()).extracting(Memory::conversationId).containsExactly("monday");
        assertThat(this.bodies.get(3)).isEqualTo("{\"query\":\"sister\",\"topK\":4,\"scope\":\"user\"}");
        assertThat(scoped.results()).extracting(Memory::conversationId).containsExactly("monday");
    }

    @Test
    void aBadUserIdIsAProblemAndErasingAnUnknownUserIsFalse() {
        answer("/v1/users/bad id/memory", exchange -> send(exchange, 400, "application/problem+json",
                "{\"type\":\"https://skein.dev/problems/validation\",\"title\":\"Bad Request\",\"status\":400,"
                        + "\"errors\":[{\"field\":\"userId\",\"message\":\"must match [A-Za-z0-9._:-]{1,128} and must not be . or ..\"}]}"));
        answer("/v1/users/u-42", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        answer("/v1/users/gone", exchange -> send(exchange, 404, "application/problem+json",
                "{\"status\":404,\"title\":\"Not Found\"}"));

        assertThatExceptionOfType(SkeinException.class).isThrownBy(() -> client().userMemory("bad id", null, 20))
            .satisfies(ex -> {
                assertThat(ex.status()).isEqualTo(400);
                assertThat(ex.problem().errors()).extracting(Problem.FieldError::field).containsExactly("userId");
            });
        assertThat(client().deleteUser("u-42")).isTrue();
        assertThat(client().deleteUser("gone")).isFalse();
        assertThat(this.requests).contains("DELETE /v1/users/u-42", "DELETE /v1/users/gone");
    }

    @Test
    void aNewConversationOfAUserRecallsFromTheUsersConversations() {
        answer("/v1/conversations/new/memory:search", exchange -> send(exchange, 404, "application/problem+json",
                "{\"status\":404,\"title\":\"Not Found\"}"));
        answer("/v1/users/u-42/memory:search",
                exchange -> send(exchange, 200, "application/json",
                        "{\"results\":[{\"text\":\"Ana lives in Porto\",\"score\":1.0,\"kind\":\"turn\","
                                + "\"conversationId\":\"monday\"}],\"consistent\":true}"));
        answer("/v1/users/u-new/memory:search", exchange -> send(exchange, 404, "application/problem+json",
                "{\"status\":404,\"title\":\"Not Found\"}"));

        assertThat(Recall.memories(client(), "new", "u-42", "sister", 3)).extracting(Memory::text)
            .containsExactly("Ana lives in Porto");
        assertThat(this.bodies.get(0)).contains("\"scope\":\"user\"");
        assertThat(Recall.memories(client(), "new", "u-new", "sister", 3)).isEmpty();
        assertThat(Recall.memories(client(), "new", null, "sister", 3)).isEmpty();
        assertThat(this.requests).containsExactly("POST /v1/conversations/new/memory:search",
                "POST /v1/users/u-42/memory:search", "POST /v1/conversations/new/memory:search",
                "POST /v1/users/u-new/memory:search", "POST /v1/conversations/new/memory:search");
    }

    private interface Handler {

        void handle(HttpExchange exchange) throws IOException;

    }

}
