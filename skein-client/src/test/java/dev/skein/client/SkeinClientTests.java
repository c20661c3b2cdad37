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

    private interface Handler {

        void handle(HttpExchange exchange) throws IOException;

    }

}
