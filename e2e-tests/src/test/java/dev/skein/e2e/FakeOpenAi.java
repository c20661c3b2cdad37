package dev.skein.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * The model of the example apps in tests: an OpenAI-compatible chat-completions endpoint
 * that records every request and answers each with a short reply that never repeats what
 * it was told (so a fact can only reach a later prompt through memory). The only stand-in
 * these tests use.
 */
final class FakeOpenAi implements AutoCloseable {

    private final HttpServer server;

    private final List<JsonNode> requests = new ArrayList<>();

    private final AtomicInteger replies = new AtomicInteger();

    private FakeOpenAi(HttpServer server) {
        this.server = server;
    }

    static FakeOpenAi start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeOpenAi fake = new FakeOpenAi(server);
            server.createContext("/v1/chat/completions", fake::complete);
            server.start();
            return fake;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The base URL an OpenAI client takes (with {@code /v1}). */
    String baseUrl() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
    }

    synchronized List<JsonNode> requests() {
        return List.copyOf(this.requests);
    }

    /**
     * The messages of the last request, as one text per message ({@code role: content}).
     */
    List<String> lastPrompt() {
        List<JsonNode> all = requests();
        List<String> messages = new ArrayList<>();
        for (JsonNode message : all.get(all.size() - 1).path("messages")) {
            JsonNode content = message.path("content");
            String text = content.isArray() ? content.toString() : content.asString();
            messages.add(message.path("role").asString() + ": " + text);
        }
        return messages;
    }

    private void complete(HttpExchange exchange) throws IOException {
        JsonNode request = SkeinClient.JSON.readTree(exchange.getRequestBody().readAllBytes());
        synchronized (this) {
            this.requests.add(request);
        }
        int n = this.replies.incrementAndGet();
        String reply = "Okay, noted (" + n + ").";
        boolean stream = request.path("stream").asBoolean(false);
        String body;
        if (stream) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            body = "data: " + chunk(n, reply) + "\n\ndata: [DONE]\n\n";
        }
        else {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            body = SkeinClient.JSON.createObjectNode()
                .put("id", "chatcmpl-" + n)
                .put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000)
                .put("model", "fake")
                .set("choices", SkeinClient.JSON.createArrayNode()
                    .add(SkeinClient.JSON.createObjectNode()
                        .put("index", 0)
                        .put("finish_reason", "stop")
                        .set("message",
                                SkeinClient.JSON.createObjectNode().put("role", "assistant").put("content", reply))))
                .toString();
            body = body.substring(0, body.length() - 1)
                    + ",\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,\"total_tokens\":13}}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String chunk(int n, String reply) {
        return "{\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.completion.chunk\",\"created\":"
                + System.currentTimeMillis() / 1000 + ",\"model\":\"fake\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"role\":\"assistant\",\"content\":" + SkeinClient.JSON.writeValueAsString(reply)
                + "},\"finish_reason\":\"stop\"}]}";
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

}
