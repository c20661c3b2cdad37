package dev.skein.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * An OpenAI-compatible chat-completions endpoint that answers at once with a fixed reply, streamed
 * or not: what is left of a turn's time against it is what Skein adds to an LLM call. For
 * benchmarks only; never a stand-in for a model (it says so in every reply).
 */
final class FakeLlm {

    static final String[] PIECES = { "This is", " the benchmark's", " fake LLM,", " answering", " at once;",
            " no model", " wrote this." };

    private final int port;

    FakeLlm(Map<String, String> options) {
        this.port = Integer.parseInt(options.getOrDefault("port", "18999"));
    }

    /** Starts serving; answers the port (an option of 0 picks a free one). */
    int run() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", this.port), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/v1/chat/completions", this::answer);
        server.start();
        int bound = server.getAddress().getPort();
        System.out.printf("fake LLM at http://127.0.0.1:%d/v1 (Ctrl-C stops it)%n", bound);
        return bound;
    }

    private void answer(HttpExchange exchange) throws IOException {
        JsonNode request = SkeinApi.JSON.readTree(exchange.getRequestBody().readAllBytes());
        boolean stream = request.path("stream").asBoolean(false);
        String model = request.path("model").asString("fake");
        byte[] body;
        if (stream) {
            StringBuilder events = new StringBuilder();
            for (String piece : PIECES) {
                events.append("data: ").append(SkeinApi.JSON.writeValueAsString(Map.of("id", "fake", "object",
                        "chat.completion.chunk", "model", model, "choices",
                        java.util.List.of(Map.of("index", 0, "delta", Map.of("content", piece)))))).append("\n\n");
            }
            events.append("data: ").append(SkeinApi.JSON.writeValueAsString(Map.of("id", "fake", "object",
                    "chat.completion.chunk", "model", model, "choices", java.util.List.of(Map.of("index", 0,
                            "delta", Map.of(), "finish_reason", "stop"))))).append("\n\ndata: [DONE]\n\n");
            body = events.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        }
        else {
            body = SkeinApi.JSON.writeValueAsBytes(Map.of("id", "fake", "object", "chat.completion", "model", model,
                    "choices", java.util.List.of(Map.of("index", 0, "message",
                            Map.of("role", "assistant", "content", String.join("", PIECES)), "finish_reason", "stop")),
                    "usage", Map.of("prompt_tokens", 100, "completion_tokens", PIECES.length, "total_tokens",
                            100 + PIECES.length)));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
