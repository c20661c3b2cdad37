package dev.skein.langchain4j;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.query.Metadata;
import dev.langchain4j.rag.query.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.skein.client.SkeinClient;
import dev.skein.client.UserResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a {@link UserResolver}, the store keeps each conversation as its user's and the
 * retriever searches the user's conversations; without one, neither names a user. Against
 * a local HTTP server answering as the gateway does (the real API is exercised by the e2e
 * tests).
 */
class UserScopeTests {

    private static final UserResolver ANA = memoryId -> memoryId.startsWith("ana-") ? "u-42" : null;

    private final HttpServer server;

    private final List<String> requests = new CopyOnWriteArrayList<>();

    UserScopeTests() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.start();
        for (String conversation : List.of("ana-tuesday", "bob")) {
            answer("/v1/conversations/" + conversation + "/messages:import", 200,
                    "{\"conversationId\":\"" + conversation + "\",\"received\":1,\"imported\":1,\"lastSequence\":1}");
            // conversations the store has not stored yet
            answer("/v1/conversations/" + conversation, 404, "{\"status\":404,\"title\":\"Not Found\"}");
        }
        answer("/v1/conversations/ana-tuesday/memory:search", 200,
                "{\"results\":[{\"memoryId\":\"6f1c0a52-6f0e-4a55-8a3a-0c1c1d8d2f11\","
                        + "\"text\":\"My sister Ana lives in Porto.\",\"score\":0.9,\"kind\":\"turn\","
                        + "\"conversationId\":\"ana-monday\"}],\"consistent\":true}");
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    @Test
    void theStoreKeepsAConversationAsTheUserTheResolverNames() {
        SkeinChatMemoryStore store = new SkeinChatMemoryStore(skein(), 10, ANA);

        store.updateMessages("ana-tuesday", List.of(SystemMessage.from("Be brief."), UserMessage.from("Hi.")));
        store.updateMessages("bob", List.of(UserMessage.from("Hi.")));

        List<String> imports = this.requests.stream().filter(request -> request.contains(":import")).toList();
        assertThat(imports).hasSize(2);
        assertThat(imports.get(0)).startsWith("POST /v1/conversations/ana-tuesday/messages:import")
            .endsWith("\"userId\":\"u-42\"}");
        assertThat(imports.get(1)).doesNotContain("userId");
    }

    @Test
    void theRetrieverSearchesTheUsersConversationsAndNamesEachHitsConversation() {
        Query query = Query.from("Where does my sister live?",
                Metadata.from(UserMessage.from("Where does my sister live?"), "ana-tuesday", List.of()));

        List<Content> recalled = SkeinContentRetriever.perMemoryId(skein(), 3, ANA).retrieve(query);

        assertThat(this.requests).containsExactly("POST /v1/conversations/ana-tuesday/memory:search "
                + "{\"query\":\"Where does my sister live?\",\"topK\":3,\"scope\":\"user\"}");
        assertThat(recalled).singleElement().satisfies(content -> {
            assertThat(content.textSegment().text()).isEqualTo("My sister Ana lives in Porto.");
            assertThat(content.textSegment().metadata().getString("conversationId")).isEqualTo("ana-monday");
        });
    }

    private SkeinClient skein() {
        return SkeinClient.builder()
            .baseUrl("http://127.0.0.1:" + this.server.getAddress().getPort())
            .apiKey("key")
            .build();
    }

    private void answer(String path, int status, String body) {
        this.server.createContext(path, exchange -> {
            String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            this.requests
                .add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + (sent.isEmpty() ? "" : " " + sent));
            send(exchange, status, body);
        });
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
            .set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
