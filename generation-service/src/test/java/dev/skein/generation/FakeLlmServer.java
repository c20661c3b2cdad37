package dev.skein.generation;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible chat endpoint on 127.0.0.1 that records every request it gets and answers
 * at once, fails with 500, or stalls (after two streamed pieces, when streaming) until released.
 */
public final class FakeLlmServer {

    public enum Mode {
        ANSWER, FAIL, STALL
    }

    public static final List<String> ANSWER_PIECES = List.of("Your cat", " is called Miso", " — you told me",
            " on 2023-05-01.");

    public static final String ANSWER = String.join("", ANSWER_PIECES);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;

    private final ExecutorService executor;

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private volatile Mode mode = Mode.ANSWER;

    private volatile CountDownLatch release = new CountDownLatch(1);

    /** One recorded call: the Authorization header and the JSON body. */
    public record Request(String authorization, JsonNode body) {

        public boolean mentions(String text) {
            return this.body.toString().contains(text);
        }
    }

    static {
        // Without it the JDK server's Nagle delay meets the client's delayed ACK: 40 ms per call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private FakeLlmServer() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-llm");
            thread.setDaemon(true);
            return thread;
        });
        this.server.setExecutor(this.executor);
        this.server.createContext("/v1/chat/completions", this::handle);
        this.server.start();
    }

    public static FakeLlmServer start() {
        try {
            return new FakeLlmServer();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Back to answering at once; stalled calls finish (their clients gave up long ago). */
    public void reset() {
        this.mode = Mode.ANSWER;
        this.release.countDown();
        this.release = new CountDownLatch(1);
    }

    public List<Request> requests() {
        return List.copyOf(this.requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            this.requests.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"), body));
            Mode mode = this.mode;
            CountDownLatch release = this.release;
            boolean stream = body.path("stream").asBoolean(false);
            if (mode == Mode.FAIL) {
                send(exchange, 500, "application/json", "{\"error\":{\"message\":\"the fake is down\"}}");
            }
            else if (stream) {
                stream(exchange, body.path("model").asString(), mode == Mode.STALL ? release : null);
            }
            else {
                if (mode == Mode.STALL) {
                    await(release);
                }
                send(exchange, 200, "application/json", JSON.writeValueAsString(Map.of(
                        "id", "chatcmpl-fake", "object", "chat.completion", "model", body.path("model").asString(),
                        "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                                "message", Map.of("role", "assistant", "content", ANSWER))),
                        "usage", Map.of("prompt_tokens", 100, "completion_tokens", 12, "total_tokens", 112))));
            }
        }
        catch (IOException ex) {
            // the client hung up (it timed out): nothing to do
        }
    }

    private static void stream(HttpExchange exchange, String model, CountDownLatch stallAfterTwo) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < ANSWER_PIECES.size(); i++) {
            if (i == 2 && stallAfterTwo != null) {
                await(stallAfterTwo);
            }
            chunk(out, Map.of("id", "chatcmpl-fake", "object", "chat.completion.chunk", "model", model,
                    "choices", List.of(Map.of("index", 0, "delta", Map.of("content", ANSWER_PIECES.get(i))))));
        }
        chunk(out, Map.of("id", "chatcmpl-fake", "object", "chat.completion.chunk", "model", model,
                "choices", List.of(Map.of("index", 0, "delta", Map.of(), "finish_reason", "stop"))));
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void chunk(OutputStream out, Object chunk) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void await(CountDownLatch release) {
        try {
            release.await(60, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
