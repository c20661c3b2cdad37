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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skein.contracts.TokenLogprob;
import dev.skein.platform.auth.InvalidServiceTokenException;
import dev.skein.platform.auth.ServiceToken;
import dev.skein.platform.auth.ServiceTokens;
import dev.skein.generation.reason.EvidenceSelector;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI-compatible chat endpoints on 127.0.0.1, one per "provider" ({@code /p1},
 * {@code /p2}…, each its own base URL), that record every request and, per provider,
 * answer at once, fail with 500, stall (after two streamed pieces, when streaming) until
 * released, stream slowly, or reject logprobs with a 400. They give logprobs when asked,
 * and answer an evidence-selection request (step 1 of retrieve-then-reason) with
 * {@link #selectionReply(String)} when one is set.
 * <p>
 * Long-form writing: a plan request ("Total length: N words") is answered with a JSON
 * plan in a code fence whose budgets do not add up (1,000 words per section, N/1,250
 * sections), or with {@link #planReply(String)}; a section request ("Length: about N
 * words") with a heading and N words, or N/2 with {@link #shortFirstDrafts(boolean)}; a
 * revision ("Revise to: about N words") with N words. {@code /retrieval} plays the
 * retrieval-service's memory search (one memory, or a 500 with
 * {@link #retrievalDown(boolean)}). {@code /memory} plays the memory-service's import
 * ({@code messages:import}): it validates and stores like the real one (a known external
 * id is a duplicate, stored once; content over the limit is a 400 problem with the
 * field's error), records every call, and answers 503 with {@link #memoryDown(boolean)}.
 * Both check the service token of each call as the real services do (the platform's
 * {@link ServiceTokens}: 401 without a valid one, 403 for another tenant's) and record
 * it.
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

    /** A memory the fake retrieval-service finds for every query. */
    public static final String MEMORY = "Ana: my puppy is called Biscuit and he loves the beach.";

    private static final Pattern PLAN = Pattern.compile("Total length: (\\d+) words");

    private static final Pattern SECTION = Pattern.compile("Length: about (\\d+) words");

    private static final Pattern REVISION = Pattern.compile("Revise to: about (\\d+) words");

    private static final List<String> VOCABULARY = List.of("memory", "systems", "keep", "long", "conversations",
            "coherent", "while", "each", "model", "call", "stays", "small", "and", "the", "report", "explains", "why");

    private volatile String planReply;

    private volatile boolean shortFirstDrafts;

    private volatile boolean retrievalDown;

    private final List<String> retrievalQueries = new CopyOnWriteArrayList<>();

    private static final Pattern TENANT_PATH = Pattern.compile("/(?:memory|retrieval)/internal/tenants/([^/]+)/.*");

    private final ServiceTokens memoryTokens;

    private final ServiceTokens retrievalTokens;

    private final List<ServiceToken> peerTokens = new CopyOnWriteArrayList<>();

    private static final Pattern IMPORT = Pattern
        .compile("/memory/internal/tenants/([^/]+)/conversations/([^/]+)/messages:import");

    /** The memory-service's default SKEIN_MAX_CONTENT_CHARS. */
    public static final int MEMORY_MAX_CONTENT_CHARS = 32_000;

    private final List<MemoryImport> memoryImports = new CopyOnWriteArrayList<>();

    /** Stored messages per "tenant/conversation", in sequence order. */
    private final Map<String, List<JsonNode>> memoryMessages = new ConcurrentHashMap<>();

    private volatile boolean memoryDown;

    private volatile int memoryMaxContentChars = MEMORY_MAX_CONTENT_CHARS;

    /** One call of the fake import: where, what, and the status it was answered with. */
    public record MemoryImport(String tenantId, String conversationId, JsonNode body, int status) {

        public List<JsonNode> messages() {
            return this.body.path("messages").valueStream().toList();
        }
    }

    private volatile CountDownLatch release = new CountDownLatch(1);

    /**
     * One recorded call: which provider got it, the Authorization header and the JSON
     * body.
     */
    public record Request(String provider, String authorization, JsonNode body) {

        public boolean mentions(String text) {
            return this.body.toString().contains(text);
        }

        /** Step 1 of retrieve-then-reason rather than an answer. */
        public boolean selection() {
            return this.body.path("messages")
                .path(0)
                .path("content")
                .asString("")
                .startsWith(EvidenceSelector.INSTRUCTION_START);
        }

        public List<JsonNode> messages() {
            return this.body.path("messages").valueStream().toList();
        }
    }

    static {
        // Without it the JDK server's Nagle delay meets the client's delayed ACK: 40 ms
        // per call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private FakeLlmServer(String internalTokenSecret) throws IOException {
        this.memoryTokens = new ServiceTokens("memory-service", internalTokenSecret);
        this.retrievalTokens = new ServiceTokens("retrieval-service", internalTokenSecret);
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
        this.server.createContext("/retrieval/", this::retrieval);
        this.server.createContext("/memory/", this::memoryImport);
        this.server.start();
    }

    /**
     * @param internalTokenSecret the secret the service under test signs its calls to
     * memory and retrieval with
     */
    public static FakeLlmServer start(String internalTokenSecret) {
        try {
            return new FakeLlmServer(internalTokenSecret);
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

    /**
     * What a selection request gets; null: the ordinary answer (which is not the JSON
     * asked for).
     */
    public void selectionReply(String reply) {
        this.selectionReply = reply;
    }

    /** What a plan request gets; null: a JSON plan made from the requested length. */
    public void planReply(String reply) {
        this.planReply = reply;
    }

    /**
     * Section drafts come back with half the words asked for, so every section needs a
     * revision.
     */
    public void shortFirstDrafts(boolean on) {
        this.shortFirstDrafts = on;
    }

    /** The fake retrieval-service answers 500. */
    public void retrievalDown(boolean down) {
        this.retrievalDown = down;
    }

    /** The fake memory-service answers 503 (nothing is stored). */
    public void memoryDown(boolean down) {
        this.memoryDown = down;
    }

    /**
     * The fake memory-service's longest message content; a longer one is refused with
     * 400, as the real one does.
     */
    public void memoryMaxContentChars(int chars) {
        this.memoryMaxContentChars = chars;
    }

    /**
     * Every import call of the conversation, in order (also those answered 503 or 400).
     */
    public List<MemoryImport> memoryImports(String conversationId) {
        return this.memoryImports.stream().filter(i -> i.conversationId().equals(conversationId)).toList();
    }

    /**
     * The messages the fake memory-service stored for the conversation, in sequence
     * order.
     */
    public List<JsonNode> memoryMessages(String tenantId, String conversationId) {
        return List.copyOf(this.memoryMessages.getOrDefault(tenantId + "/" + conversationId, List.of()));
    }

    public List<String> retrievalQueries() {
        return List.copyOf(this.retrievalQueries);
    }

    /** The verified service tokens of the calls to memory and retrieval, in order. */
    public List<ServiceToken> peerTokens() {
        return List.copyOf(this.peerTokens);
    }

    /** {@code count} words of running prose. */
    public static String words(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(i % 60 == 0 ? "\n\n" : " ");
            }
            text.append(VOCABULARY.get(i % VOCABULARY.size()));
        }
        return text.toString();
    }

    /**
     * Back to answering at once; stalled calls finish (their clients gave up long ago).
     */
    public void reset() {
        this.modes.clear();
        this.selectionReply = null;
        this.planReply = null;
        this.shortFirstDrafts = false;
        this.retrievalDown = false;
        this.memoryDown = false;
        this.memoryMaxContentChars = MEMORY_MAX_CONTENT_CHARS;
        this.peerTokens.clear();
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
                stream(exchange, body.path("model").asString(), mode == Mode.STALL ? release : null, mode == Mode.SLOW,
                        logprobs);
            }
            else {
                if (mode == Mode.STALL) {
                    await(release);
                }
                Map<String, Object> choice = new LinkedHashMap<>();
                choice.put("index", 0);
                choice.put("finish_reason", "stop");
                String writing = writingReply(body.toString());
                choice.put("message", Map.of("role", "assistant", "content",
                        selection != null ? selection : writing != null ? writing : ANSWER));
                if (logprobs) {
                    choice.put("logprobs", Map.of("content", logprobs(LOGPROBS)));
                }
                send(exchange, 200,
                        JSON.writeValueAsString(Map.of("id", "chatcmpl-fake", "object", "chat.completion", "model",
                                body.path("model").asString(), "choices", List.of(choice), "usage",
                                Map.of("prompt_tokens", 100, "completion_tokens", 12, "total_tokens", 112))));
            }
        }
        catch (IOException ex) {
            // the client hung up (it timed out): nothing to do
        }
    }

    /** The answer to a long-form writing call, or null when the request is not one. */
    private String writingReply(String body) {
        Matcher revision = REVISION.matcher(body);
        if (revision.find()) {
            return words(Integer.parseInt(revision.group(1)));
        }
        Matcher section = SECTION.matcher(body);
        if (section.find()) {
            int asked = Integer.parseInt(section.group(1));
            // a heading the section must not keep (SectionText drops it)
            return "## A heading\n\n" + words(this.shortFirstDrafts ? asked / 2 : asked);
        }
        Matcher plan = PLAN.matcher(body);
        if (plan.find()) {
            if (this.planReply != null) {
                return this.planReply;
            }
            int target = Integer.parseInt(plan.group(1));
            int count = Math.max(1, Math.round(target / 1250f));
            List<Map<String, Object>> sections = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sections.add(Map.of("title", "Chapter " + (i + 1), "brief", "What chapter " + (i + 1) + " covers.",
                        "targetWords", 1000));
            }
            return "Here is the plan:\n```json\n" + JSON.writeValueAsString(Map.of("sections", sections)) + "\n```";
        }
        return null;
    }

    private void retrieval(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!admitted(exchange, this.retrievalTokens)) {
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            this.retrievalQueries.add(body.path("query").asString(""));
            if (this.retrievalDown) {
                send(exchange, 500, "{\"title\":\"down\"}");
                return;
            }
            send(exchange, 200,
                    JSON.writeValueAsString(Map.of("results",
                            List.of(Map.of("memoryId", "0b7f4f56-6a43-4b0e-8f6a-3f0d0f6a9c11", "kind", "turn", "text",
                                    MEMORY, "score", 0.8, "createdAt", "2024-01-05T09:00:00Z")),
                            "indexedThrough", 3, "consistent", true)));
        }
    }

    private void memoryImport(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!admitted(exchange, this.memoryTokens)) {
                return;
            }
            Matcher path = IMPORT.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                send(exchange, 404, "{\"title\":\"Not found\",\"status\":404}");
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String tenant = path.group(1);
            String conversation = path.group(2);
            if (this.memoryDown) {
                this.memoryImports.add(new MemoryImport(tenant, conversation, body, 503));
                send(exchange, 503, "{\"title\":\"Service Unavailable\",\"status\":503}");
                return;
            }
            List<JsonNode> messages = body.path("messages").valueStream().toList();
            List<Map<String, String>> errors = new ArrayList<>();
            if (messages.isEmpty()) {
                errors.add(Map.of("field", "messages", "message", "must contain at least one message"));
            }
            for (int i = 0; i < messages.size(); i++) {
                JsonNode message = messages.get(i);
                String role = message.path("role").asString("");
                String content = message.path("content").asString("");
                if (!List.of("user", "assistant", "system").contains(role)) {
                    errors.add(Map.of("field", "messages[" + i + "].role", "message",
                            "must be one of user, assistant, system"));
                }
                if (content.isBlank()) {
                    errors.add(Map.of("field", "messages[" + i + "].content", "message", "must not be blank"));
                }
                else if (content.length() > this.memoryMaxContentChars) {
                    errors.add(Map.of("field", "messages[" + i + "].content", "message",
                            "must be at most " + this.memoryMaxContentChars + " characters"));
                }
            }
            if (!errors.isEmpty()) {
                this.memoryImports.add(new MemoryImport(tenant, conversation, body, 400));
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                send(exchange, 400,
                        JSON.writeValueAsString(Map.of("type", "https://skein.dev/problems/validation", "title",
                                "Invalid request", "status", 400, "detail", errors.size() + " invalid field(s)",
                                "errors", errors)));
                return;
            }
            List<Map<String, Object>> entries = new ArrayList<>();
            int imported = 0;
            Long first = null;
            long last;
            List<JsonNode> stored = this.memoryMessages.computeIfAbsent(tenant + "/" + conversation,
                    key -> new CopyOnWriteArrayList<>());
            synchronized (stored) {
                for (JsonNode message : messages) {
                    String externalId = message.path("externalId").asString(null);
                    int known = -1;
                    for (int s = 0; externalId != null && s < stored.size(); s++) {
                        if (externalId.equals(stored.get(s).path("externalId").asString(null))) {
                            known = s;
                        }
                    }
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("messageId", java.util.UUID.randomUUID().toString());
                    entry.put("sequence", known >= 0 ? known + 1 : stored.size() + 1);
                    entry.put("externalId", externalId);
                    entry.put("duplicate", known >= 0);
                    entries.add(entry);
                    if (known < 0) {
                        stored.add(message);
                        imported++;
                        if (first == null) {
                            first = (long) stored.size();
                        }
                    }
                }
                last = stored.size();
            }
            this.memoryImports.add(new MemoryImport(tenant, conversation, body, 200));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("conversationId", conversation);
            answer.put("received", messages.size());
            answer.put("imported", imported);
            answer.put("duplicates", messages.size() - imported);
            answer.put("firstSequence", first);
            answer.put("lastSequence", last);
            answer.put("watermark", Long.toString(last));
            answer.put("messages", entries);
            send(exchange, 200, JSON.writeValueAsString(answer));
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
            chunk(out, Map.of("id", "chatcmpl-fake", "object", "chat.completion.chunk", "model", model, "choices",
                    List.of(choice)));
        }
        chunk(out, Map.of("id", "chatcmpl-fake", "object", "chat.completion.chunk", "model", model, "choices",
                List.of(Map.of("index", 0, "delta", Map.of(), "finish_reason", "stop"))));
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void chunk(OutputStream out, Object chunk) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** What the platform's filter does in front of the real service. */
    private boolean admitted(HttpExchange exchange, ServiceTokens tokens) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        ServiceToken token;
        try {
            token = tokens.verify(
                    authorization == null || !authorization.startsWith("Bearer ") ? null : authorization.substring(7));
        }
        catch (InvalidServiceTokenException ex) {
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            send(exchange, 401, JSON.writeValueAsString(Map.of("type", "https://skein.dev/problems/unauthorized",
                    "status", 401, "detail", ex.getMessage())));
            return false;
        }
        Matcher path = TENANT_PATH.matcher(exchange.getRequestURI().getPath());
        if (!path.matches() || !path.group(1).equals(token.tenant())) {
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            send(exchange, 403, "{\"type\":\"https://skein.dev/problems/forbidden\",\"status\":403}");
            return false;
        }
        this.peerTokens.add(token);
        return true;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
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
