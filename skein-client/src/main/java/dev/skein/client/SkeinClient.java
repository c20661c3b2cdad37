package dev.skein.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * A client of Skein's public REST API (the gateway): one API key, so one tenant. Thread
 * safe; share one per application. Every error is a {@link SkeinException} carrying the
 * RFC 9457 problem Skein sent.
 *
 * <pre>
 * SkeinClient skein = SkeinClient.builder().baseUrl("http://127.0.0.1:8080").apiKey(key).build();
 * TurnResult turn = skein.send("demo", NewMessage.user("I adopted a puppy called Biscuit."));
 * SearchResult hits = skein.search("demo", "What is my dog called?", 5);
 * // a conversation of user u-42: later conversations of u-42 recall it too
 * skein.send("monday", NewMessage.user("My sister Ana lives in Porto.").withUserId("u-42"));
 * UserMemory facts = skein.userMemory("u-42", null, 20);
 * </pre>
 */
public final class SkeinClient {

    /** The largest page of {@code GET /v1/conversations}. */
    public static final int MAX_CONVERSATIONS_PAGE = 100;

    /** The largest page of a user's conversations or facts. */
    public static final int MAX_USER_PAGE = 100;

    private static final String PROBLEM_JSON = "application/problem+json";

    private final URI baseUrl;

    private final String apiKey;

    private final HttpClient http;

    private final Duration timeout;

    private final ObjectMapper json;

    private final int rateLimitRetries;

    private SkeinClient(Builder builder) {
        String base = Objects.requireNonNull(builder.baseUrl, "baseUrl");
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.apiKey = Objects.requireNonNull(builder.apiKey, "apiKey");
        this.http = builder.http != null ? builder.http
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.timeout = builder.timeout;
        this.rateLimitRetries = builder.rateLimitRetries;
        this.json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends a message. A user message is answered by Skein (it recalls, prompts its LLM
     * and stores the reply).
     */
    public TurnResult send(String conversationId, NewMessage message) {
        return post(conversation(conversationId) + "/messages", message, TurnResult.class);
    }

    /** Sends a user message and returns the reply's text. */
    public String chat(String conversationId, String userMessage) {
        return send(conversationId, NewMessage.user(userMessage)).reply().content();
    }

    /**
     * Stores messages without answering them (at most the server's
     * {@code SKEIN_MAX_IMPORT_MESSAGES} per call). Messages whose externalId is already
     * stored are skipped, so an import may be sent again.
     */
    public ImportResult importMessages(String conversationId, List<NewMessage> messages) {
        return importMessages(conversationId, null, messages);
    }

    /**
     * Stores messages without answering them, in a conversation of {@code userId}: the
     * import sets the conversation's user when it has none (another user is a 409, and
     * nothing is stored). The messages' own userIds are not read here (a 400 names them).
     * @param userId the user, or null to leave the conversation's user as it is
     */
    public ImportResult importMessages(String conversationId, String userId, List<NewMessage> messages) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", messages);
        if (userId != null) {
            body.put("userId", userId);
        }
        return post(conversation(conversationId) + "/messages:import", body, ImportResult.class);
    }

    /** One page of the transcript, oldest first; {@code cursor} null for the first. */
    public TranscriptPage transcript(String conversationId, String cursor, int limit) {
        StringBuilder path = new StringBuilder(conversation(conversationId)).append("/messages?limit=").append(limit);
        if (cursor != null) {
            path.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        return get(path.toString(), TranscriptPage.class);
    }

    /**
     * The last {@code count} messages of a conversation, oldest first; empty when the
     * conversation does not exist. Sequences are gap-free per conversation, so the page
     * starts right after {@code lastSequence - count}.
     */
    public List<StoredMessage> recentMessages(String conversationId, int count) {
        Optional<ConversationInfo> info = find(conversationId);
        if (info.isEmpty() || info.get().lastSequence() == 0) {
            return List.of();
        }
        long after = Math.max(0, info.get().lastSequence() - count);
        return transcript(conversationId, Long.toString(after), count).messages();
    }

    /**
     * One page of the tenant's conversations, newest activity first; {@code cursor} null
     * for the first.
     * @param limit 1 to {@value #MAX_CONVERSATIONS_PAGE}
     */
    public ConversationList conversations(String cursor, int limit) {
        StringBuilder path = new StringBuilder("/v1/conversations?limit=").append(limit);
        if (cursor != null) {
            path.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        return get(path.toString(), ConversationList.class);
    }

    /**
     * The ids of all the tenant's conversations, newest activity first, read page by
     * page. A conversation whose activity moves it to the front while the pages are read
     * may be missed or listed twice; it is listed once here.
     */
    public List<String> conversationIds() {
        Set<String> ids = new LinkedHashSet<>();
        String cursor = null;
        do {
            ConversationList page = conversations(cursor, MAX_CONVERSATIONS_PAGE);
            page.conversations().forEach(conversation -> ids.add(conversation.conversationId()));
            cursor = page.nextCursor();
        }
        while (cursor != null);
        return List.copyOf(ids);
    }

    /** The counters of a conversation; empty when it does not exist. */
    public Optional<ConversationInfo> find(String conversationId) {
        try {
            return Optional.of(get(conversation(conversationId), ConversationInfo.class));
        }
        catch (SkeinException ex) {
            if (ex.status() == 404) {
                return Optional.empty();
            }
            throw ex;
        }
    }

    /** The memory controller's view of a conversation. */
    public MemoryView memory(String conversationId) {
        return get(conversation(conversationId) + "/memory", MemoryView.class);
    }

    /** Ranked memories of a conversation for a query. */
    public SearchResult search(String conversationId, String query, int topK) {
        return search(conversationId, query, topK, null);
    }

    /**
     * Ranked memories; with a watermark (from an import), waits until the index holds the
     * messages up to it ({@link SearchResult#consistent()} says whether it did).
     */
    public SearchResult search(String conversationId, String query, int topK, Long watermark) {
        return search(conversationId, query, topK, watermark, SearchScope.CONVERSATION);
    }

    /**
     * Ranked memories of a conversation or, with {@link SearchScope#USER}, of every
     * conversation of the user it belongs to (the most recently active 50); each hit
     * names its conversation ({@link Memory#conversationId()}).
     * @param watermark null, or the watermark of an import to this conversation
     */
    public SearchResult search(String conversationId, String query, int topK, Long watermark, SearchScope scope) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("topK", topK);
        if (watermark != null) {
            body.put("watermark", watermark);
        }
        if (scope != null && scope != SearchScope.CONVERSATION) {
            body.put("scope", scope.value());
        }
        return post(conversation(conversationId) + "/memory:search", body, SearchResult.class);
    }

    /**
     * One page of a user's conversations, newest activity first; {@code cursor} null for
     * the first. A user the tenant does not have is a 404.
     * @param limit 1 to {@value #MAX_USER_PAGE}
     */
    public ConversationList userConversations(String userId, String cursor, int limit) {
        return get(paged(user(userId) + "/conversations", cursor, limit), ConversationList.class);
    }

    /**
     * One page of a user's durable facts: what they stated in any of their conversations
     * that no later statement superseded, pinned first, then by salience. A user the
     * tenant does not have is a 404.
     * @param limit 1 to {@value #MAX_USER_PAGE}
     */
    public UserMemory userMemory(String userId, String cursor, int limit) {
        return get(paged(user(userId) + "/memory", cursor, limit), UserMemory.class);
    }

    /**
     * Ranked memories of every conversation of a user (the most recently active 50), each
     * hit naming its conversation. A user the tenant does not have is a 404.
     */
    public SearchResult searchUser(String userId, String query, int topK) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("topK", topK);
        return post(user(userId) + "/memory:search", body, SearchResult.class);
    }

    /**
     * Erases a user: each of their conversations as {@link #deleteConversation} does,
     * then the user; true if the user existed.
     */
    public boolean deleteUser(String userId) {
        try {
            exchange("DELETE", user(userId), null);
            return true;
        }
        catch (SkeinException ex) {
            if (ex.status() == 404) {
                return false;
            }
            throw ex;
        }
    }

    /** Erases a conversation and its memories; true if it existed. */
    public boolean deleteConversation(String conversationId) {
        try {
            exchange("DELETE", conversation(conversationId), null);
            return true;
        }
        catch (SkeinException ex) {
            if (ex.status() == 404) {
                return false;
            }
            throw ex;
        }
    }

    private static String user(String userId) {
        Objects.requireNonNull(userId, "userId");
        return "/v1/users/" + segment(userId);
    }

    /**
     * An id as one path segment: form encoding, but a space as %20 (a '+' in a path is a
     * plus), so that the server names the id it refuses as it was given.
     */
    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String paged(String path, String cursor, int limit) {
        StringBuilder paged = new StringBuilder(path).append("?limit=").append(limit);
        if (cursor != null) {
            paged.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        return paged.toString();
    }

    private static String conversation(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return "/v1/conversations/" + segment(conversationId);
    }

    private <T> T get(String path, Class<T> type) {
        return read(exchange("GET", path, null), type);
    }

    private <T> T post(String path, Object body, Class<T> type) {
        return read(exchange("POST", path, body), type);
    }

    private <T> T read(String body, Class<T> type) {
        try {
            return this.json.readValue(body, type);
        }
        catch (JsonProcessingException ex) {
            throw new SkeinException("Unexpected answer from Skein: " + body, ex);
        }
    }

    private String exchange(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
            .timeout(this.timeout)
            .header("Authorization", "Bearer " + this.apiKey)
            .header("Accept", "application/json");
        try {
            if (body != null) {
                request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body)));
            }
            else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            // over the tenant's rate limit nothing was done: wait as told and send it
            // again
            for (int attempt = 1; response.statusCode() == 429 && attempt <= this.rateLimitRetries; attempt++) {
                Thread.sleep(retryAfter(response).toMillis());
                response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            if (response.statusCode() >= 400) {
                throw new SkeinException(problem(response));
            }
            return response.body();
        }
        catch (IOException ex) {
            throw new SkeinException(method + " " + path + " failed: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new SkeinException(method + " " + path + " interrupted", ex);
        }
    }

    private static Duration retryAfter(HttpResponse<String> response) {
        try {
            long seconds = Long.parseLong(response.headers().firstValue("Retry-After").orElse("1").strip());
            return Duration.ofSeconds(Math.min(Math.max(seconds, 1), 60));
        }
        catch (NumberFormatException ex) {
            return Duration.ofSeconds(1);
        }
    }

    private Problem problem(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith(PROBLEM_JSON) || type.startsWith("application/json")) {
            try {
                Problem problem = this.json.readValue(response.body(), Problem.class);
                if (problem.status() == response.statusCode()) {
                    return problem;
                }
            }
            catch (JsonProcessingException ex) {
                // not a problem document: reported with the raw body below
            }
        }
        return Problem.ofStatus(response.statusCode(), response.body());
    }

    /** Settings of a client; {@code baseUrl} and {@code apiKey} are required. */
    public static final class Builder {

        private String baseUrl;

        private String apiKey;

        private HttpClient http;

        // a turn waits up to SKEIN_TURN_TIMEOUT (60 s) for its reply on the server
        private Duration timeout = Duration.ofSeconds(90);

        private int rateLimitRetries = 30;

        private Builder() {
        }

        /**
         * How many times a call refused with 429 (the tenant's rate limit) is sent again
         * after the {@code Retry-After} it names; 0 to get the 429 as an exception at
         * once.
         */
        public Builder rateLimitRetries(int retries) {
            this.rateLimitRetries = retries;
            return this;
        }

        /** The gateway, e.g. {@code http://127.0.0.1:8080}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        /** How long one call may take. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public SkeinClient build() {
            return new SkeinClient(this);
        }

    }

}
