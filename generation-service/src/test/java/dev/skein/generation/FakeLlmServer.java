package dev.skein.generation;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skein.contracts.TokenLogprob;
import dev.skein.generation.reason.EvidenceSelector;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI-compatible chat endpoints on 127.0.0.1, one per "provider" ({@code /p1}, {@code /p2}…, each
 * its own base URL), that record every request and, per provider, answer at once, fail with 500,
 * stall (after two streamed pieces, when streaming) until released, stream slowly, or reject
 * logprobs with a 400. They give logprobs when asked, and answer an evidence-selection request
 * (step 1 of retrieve-then-reason) with {@link #selectionReply(String)} when one is set.
 */
public final class FakeLlmServer {

    public enum Mode {
        ANSWER, FAIL, STALL, SLOW, REJECT_LOGPROBS
    }

    public static final List<String> ANSWER_PIECES = List.of("Your cat", " is called Miso", " — you told me",
            " on 2023-05-01.");

    public static final String ANSWER = String.join("", ANSWER_PIECES);

    /** The logprobs the fake gives, one per piece. */
    public static final List<TokenLogprob> LOGPROBS = List.of(new TokenLogprob("Your cat", -0.25),
            new TokenLogprob(" is called Miso", -0.5), new TokenLogprob(" — you told me", -0.75),
            new TokenLogprob(" on 2023-05-01.", -1.0));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private final Map<String, Mode> modes = new ConcurrentHashMap<>();

    private volatile String selectionReply;

    private volatile CountDownLatch release = new CountDownLatch(1);

    /** One recorded call: which provider got it, the Authorization header and the JSON body. */
    public record Request(String provider, String authorization, JsonNode body) {

        public boolean mentions(String text) {
            return this.body.toString().contains(text);
        }

        /** Step 1 of retrieve-then-reason rather than an answer. */
        public boolean selection() {
            return this.body.path("messages").path(0).path("content").asString("").startsWith(
                    EvidenceSelector.INSTRUCTION_START);
        }

        public List<JsonNode> messages() {
            return this.body.path("messages").valueStream().toList();
        }
    }

    static {
        // Without it the JDK server's Nagle delay meets the client's delayed ACK: 40 ms per call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private FakeLlmServer() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-llm");
            thread.setDaemon(true);
            return thread;
        });
        this.server.setExecutor(executor);
        for (String provider : List.of("p1", "p2")) {
            this.server.createContext("/" + provider + "/chat/completions", exchange -> handle(provider, exchange));
        }
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

    public String baseUrl(String provider) {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/" + provider;
    }

    public void mode(String provider, Mode mode) {
        this.modes.put(provider, mode);
    }

    /** What a selection request gets; null: the ordinary answer (which is not the JSON asked for). */
    public void selectionReply(String reply) {
        this.selectionReply = reply;
    }

    /** Back to answering at once; stalled calls finish (their clients gave up long ago). */
    public void reset() {
        this.modes.clear();
        this.selectionReply = null;
        this.release.countDown();
        this.release = new CountDownLatch(1);
    }

    public List<Request> requests() {
        return List.copyOf(this.requests);
    }

    /** The requests of one provider that mention {@code text}. */
    public List<Request> requests(String provider, String text) {
        return this.requests.stream().filter(r -> r.provider().equals(provider) && r.mentions(text)).toList();
    }

    private void handle(String provider, HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            Request request = new Request(provider, exchange.getRequestHeaders().getFirst("Authorization"), body);
            this.requests.add(request);
            Mode mode = this.modes.getOrDefault(provider, Mode.ANSWER);
            CountDownLatch release = this.release;
            boolean stream = body.path("stream").asBoolean(false);
            boolean logprobs = body.path("logprobs").asBoolean(false);
            String selection = request.selection() ? this.selectionReply : null;
            if (mode == Mode.FAIL) {
                send(exchange, 500, "{\"error\":{\"message\":\"the fake is down\"}}");
            }
            else if (mode == Mode.REJECT_LOGPROBS && logprobs) {
                send(exchange, 400, "{\"error\":{\"message\":\"logprobs is not supported by this model\"}}");
            }
            else if (stream) {
                stream(exchange, body.path("model").asString(), mode == Mode.STALL ? release : null,
                        mode == Mode.SLOW, logprobs);
            }
            else {
                if (mode == Mode.STALL) {
                    await(release);
                }
                Map<String, Object> choice = new LinkedHashMap<>();
                choice.put("index", 0);
                choice.put("finish_reason", "stop");
                choice.put("message", Map.of("role", "assistant", "content", selection != null ? selection : ANSWER));
                if (logprobs) {
                    choice.put("logprobs", Map.of("content", logprobs(LOGPROBS)));
                }
                send(exchange, 200, JSON.writeValueAsString(Map.of(
                        "id", "chatcmpl-fake", "object", "chat.completion", "model", body.path("model").asString(),
                        "choices", List.of(choice),
                        "usage", Map.of("prompt_tokens", 100, "completion_tokens", 12, "total_tokens", 112))));
            }
        }
        catch (IOException ex) {
            // the client hung up (it timed out): nothing to do
        }
    }

    private static List<Map<String, Object>> logprobs(List<TokenLogprob> tokens) {
        List<Map<String, Object>> content = new ArrayList<>();
        for (TokenLogprob token : tokens) {
            content.add(Map.of("token", token.token(), "logprob", token.logprob(), "top_logprobs", List.of()));
        }
        return content;
    }

    private static void stream(HttpExchange exchange, String model, CountDownLatch stallAfterTwo, boolean slow,
            boolean logprobs) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < ANSWER_PIECES.size(); i++) {
            if (i == 2 && stallAfterTwo != null) {
                await(stallAfterTwo);
            }
            if (slow) {
                sleep(300);
            }
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("delta", Map.of("content", ANSWER_PIECES.get(i)));
            if (logprobs) {
                choice.put("logprobs", Map.of("content", logprobs(List.of(LOGPROBS.get(i)))));
            }
            chunk(out, Map.of("id", "chatcmpl-fake", "object", "chat.completion.chunk", "model", model,
                    "choices", List.of(choice)));
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

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
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
