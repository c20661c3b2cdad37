package dev.skein.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

/**
 * Generates requests that every public endpoint must refuse: each starts from a valid
 * request of one endpoint and gets one or two mutations, every one of which alone makes
 * it invalid (a value of the wrong type, too long, unstorable text, a bad id, nesting or
 * a number no parser takes, a broken body, a wrong method, media type or key). A valid
 * request is never sent, so whatever is answered must be a 4xx problem that changed
 * nothing. Reproducible from its seed.
 */
final class BadInputs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Conversation and tenant ids no endpoint may take, as raw path segments. */
    static final List<String> BAD_IDS = List.of(".", "..", "%2E", "%2E%2E", "%2e%2e", ".%2E", "a%2Fb", "a%2fb", "a%00b",
            "%00", "a%5Cb", "a\\b", "a%20b", "a b", "c".repeat(129), "%C3%A9t%C3%A9", "a*b", "a%25b", "a%22b", "a{b}",
            "a|b", "a<b>", "%FF", "a%", "%zz", "a%3Bb", "a%2Bb", "\u00fcber", "a'b");

    private static final List<String> BAD_JOB_IDS = List.of("not-a-uuid", "123", "%00", "..", "%2E%2E",
            "00000000-0000-0000-0000-00000000000g");

    private final Random random;

    private final List<String> keys;

    private final String adminToken;

    private final String seeded;

    private final String prefix;

    private final List<Endpoint> endpoints = new ArrayList<>();

    /**
     * @param keys one API key per tenant; the seeded conversation belongs to the first
     * @param prefix of the valid conversation ids this run uses (ids it may not create)
     */
    BadInputs(long seed, List<String> keys, String adminToken, String seeded, String prefix) {
        this.random = new Random(seed);
        this.keys = keys;
        this.adminToken = adminToken;
        this.seeded = seeded;
        this.prefix = prefix;
        defineEndpoints();
    }

    /**
     * The valid conversation ids a case may name (per tenant, see {@link Case#tenant}).
     */
    List<String> fuzzConversations() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(this.prefix + i);
        }
        return ids;
    }

    Case next(int number) {
        Endpoint endpoint = pick(this.endpoints);
        Draft draft = endpoint.draft(this);
        // a kind first, then one of its mutations: the 29 bad ids would otherwise crowd
        // out
        // the rest
        Map<String, List<Mutation>> byKind = new TreeMap<>();
        for (Mutation mutation : endpoint.mutations) {
            byKind.computeIfAbsent(mutation.kind(), kind -> new ArrayList<>()).add(mutation);
        }
        for (Mutation mutation : globalMutations(endpoint)) {
            byKind.computeIfAbsent(mutation.kind(), kind -> new ArrayList<>()).add(mutation);
        }
        List<String> applicable = new ArrayList<>(byKind.keySet());
        List<String> kinds = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        int count = this.random.nextInt(5) == 0 ? 2 : 1;
        for (int i = 0; i < count; i++) {
            Mutation mutation = pick(byKind.get(pick(applicable)));
            mutation.apply().accept(draft);
            kinds.add(mutation.kind());
            descriptions.add(mutation.description());
        }
        return draft.build(number, endpoint.name, String.join("+", kinds), String.join(" + ", descriptions));
    }

    // --- endpoints
    // ----------------------------------------------------------------------

    private void defineEndpoints() {
        this.endpoints.add(new Endpoint("POST messages", "POST", id -> "/v1/conversations/" + id + "/messages", true,
                true, true, this::message, messageMutations(true)));
        this.endpoints.add(new Endpoint("POST messages:import", "POST",
                id -> "/v1/conversations/" + id + "/messages:import", true, true, true,
                () -> new LinkedHashMap<>(Map.of("messages", List.of(message(), message(), message()))),
                importMutations()));
        this.endpoints.add(new Endpoint("GET conversation", "GET", id -> "/v1/conversations/" + id, true, false, true,
                null, List.of()));
        this.endpoints.add(new Endpoint("GET messages", "GET", id -> "/v1/conversations/" + id + "/messages", true,
                false, true, null, transcriptMutations()));
        this.endpoints.add(new Endpoint("GET memory", "GET", id -> "/v1/conversations/" + id + "/memory", true, false,
                true, null, List.of()));
        this.endpoints
            .add(new Endpoint("POST memory:search", "POST", id -> "/v1/conversations/" + id + "/memory:search", true,
                    true, true, () -> body("query", "where did I park", "topK", 5, "watermark", 0), searchMutations()));
        // a DELETE is sent only with something else wrong: every mutation here makes it
        // invalid, and none of them is an Accept header (a 204 has no body to negotiate)
        this.endpoints.add(new Endpoint("DELETE conversation", "DELETE", id -> "/v1/conversations/" + id, true, false,
                false, null, List.of()));
        this.endpoints.add(new Endpoint("POST writings", "POST", id -> "/v1/conversations/" + id + "/writings", true,
                true, true, () -> body("instruction", "A short report", "targetWords", 1000), writingMutations()));
        this.endpoints
            .add(new Endpoint("GET writing", "GET", id -> "/v1/conversations/" + id + "/writings/" + pick(BAD_JOB_IDS),
                    true, false, true, null, List.of()));
        this.endpoints.add(new Endpoint("GET writing events", "GET",
                id -> "/v1/conversations/" + id + "/writings/" + pick(BAD_JOB_IDS) + "/events", true, false, true, null,
                List.of()));
        this.endpoints.add(new Endpoint("POST chat/completions", "POST", id -> "/v1/chat/completions", false, true,
                false, this::chatCompletion, chatMutations()));
        this.endpoints.add(new Endpoint("POST long-input:search", "POST", id -> "/v1/long-input:search", false, true,
                true, () -> body("question", "What is the code?", "text", "The code is 4711."), longInputMutations()));
        this.endpoints.add(new Endpoint("POST admin api-keys", "POST", id -> "/admin/tenants/" + id + "/api-keys",
                false, true, false, () -> body("name", "fuzz"), adminIssueMutations()));
        this.endpoints.add(new Endpoint("DELETE admin api-key", "DELETE",
                id -> "/admin/api-keys/" + (this.random.nextBoolean() ? UUID.randomUUID() : "not-a-uuid"), false, false,
                false, null, List.of()));
    }

    private Map<String, Object> message() {
        return body("role", "user", "content", "A message that must never be stored.", "speaker", "Ann", "externalId",
                "fz-" + this.random.nextInt(1000), "createdAt", "2024-05-01T12:00:00Z", "metadata", Map.of("k", "v"));
    }

    private Map<String, Object> chatCompletion() {
        Map<String, Object> last = body("role", "user", "content", "Hello, never stored.", "name", "Ann");
        return body("model", "skein", "messages", new ArrayList<>(List.of(last)));
    }

    // --- mutations of fields
    // ------------------------------------------------------------

    private List<Mutation> messageMutations(boolean turn) {
        List<Mutation> mutations = new ArrayList<>();
        mutations.addAll(required("role", "robot", "User", "", "assistant\u0000"));
        mutations.addAll(requiredText("content", 32_000));
        mutations.addAll(optionalText("speaker", 128, true));
        mutations.addAll(optionalText("externalId", 128, true));
        for (String time : List.of("yesterday", "2024-13-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "0000-06-01T00:00:00Z", "-5000-01-01T00:00:00Z", "2024-05-01", "2024-05-01T12:00:00")) {
            mutations.add(set("wrong-type", "createdAt " + time, "createdAt", time));
        }
        mutations.add(set("wrong-type", "createdAt object", "createdAt", Map.of("at", 1)));
        mutations.add(set("wrong-type", "metadata string", "metadata", "x"));
        mutations.add(set("wrong-type", "metadata array", "metadata", List.of(1, 2)));
        mutations.add(set("wrong-type", "metadata number", "metadata", 5));
        mutations.add(set("size", "metadata over 8192 bytes", "metadata", Map.of("blob", "m".repeat(9000))));
        mutations.add(set("encoding", "NUL deep in metadata", "metadata",
                Map.of("tags", List.of("ok", Map.of("deep", "a\u0000b")))));
        mutations.add(set("encoding", "NUL in a metadata key", "metadata", Map.of("k\u0000", 1)));
        mutations.add(set("encoding", "lone surrogate in metadata", "metadata",
                Map.of("k", new Raw("\"\\udc00\"".getBytes(StandardCharsets.US_ASCII)))));
        mutations.add(set("huge-number", "metadata number 1e400", "metadata", Map.of("n", raw("1e400"))));
        mutations.add(set("nested", "metadata nested 3000 deep", "metadata",
                Map.of("n", raw("[".repeat(3000) + "]".repeat(3000)))));
        if (turn) {
            mutations.add(new Mutation("wrong-type", "reply:true for an assistant message", draft -> {
                draft.body.put("role", "assistant");
                draft.body.put("reply", true);
            }));
            mutations.add(set("wrong-type", "reply \"yes\"", "reply", "yes"));
            mutations.add(set("wrong-type", "stream object", "stream", Map.of()));
        }
        return mutations;
    }

    private List<Mutation> importMutations() {
        List<Mutation> mutations = new ArrayList<>(required("messages", List.of(), Map.of(), "x"));
        mutations.add(new Mutation("size", "5001 messages", draft -> {
            List<Object> many = new ArrayList<>();
            for (int i = 0; i < 5001; i++) {
                many.add(Map.of("role", "user", "content", "m" + i));
            }
            draft.body.put("messages", many);
        }));
        mutations.add(set("wrong-type", "a null message", "messages", listOf(message(), null)));
        mutations.add(set("wrong-type", "a message that is a string", "messages", List.of("hello")));
        mutations.add(set("wrong-type", "a message that is a number", "messages", List.of(5)));
        // one item of the import gets a mutation a single message would get
        for (Mutation item : messageMutations(false)) {
            mutations.add(new Mutation(item.kind(), "messages[i]: " + item.description(), draft -> {
                // another mutation may have replaced the list: then this one starts anew
                List<Object> messages = draft.body.get("messages") instanceof List<?> list && !list.isEmpty()
                        ? new ArrayList<>(list) : new ArrayList<>(List.of(message()));
                Draft inner = new Draft(this, "POST", "", "", null);
                inner.body = new LinkedHashMap<>(message());
                item.apply().accept(inner);
                messages.set(this.random.nextInt(messages.size()), inner.body);
                draft.body.put("messages", messages);
            }));
        }
        return mutations;
    }

    private List<Mutation> transcriptMutations() {
        List<Mutation> mutations = new ArrayList<>();
        for (String limit : List.of("0", "-1", "1001", "abc", "1e3", "99999999999", "%00", "1.5")) {
            mutations.add(new Mutation("huge-number", "limit=" + limit, draft -> draft.query = "?limit=" + limit));
        }
        for (String cursor : List.of("-1", "abc", "1.5", "%00", "99999999999999999999", "0x10")) {
            mutations.add(new Mutation("huge-number", "cursor=" + cursor, draft -> draft.query = "?cursor=" + cursor));
        }
        return mutations;
    }

    private List<Mutation> searchMutations() {
        List<Mutation> mutations = new ArrayList<>(requiredText("query", 4000));
        mutations.addAll(integer("topK", 1, 50));
        mutations.add(set("huge-number", "watermark -1", "watermark", -1));
        mutations.add(set("huge-number", "watermark 20 nines", "watermark", raw("9".repeat(20))));
        mutations.add(set("huge-number", "watermark 1e400", "watermark", raw("1e400")));
        mutations.add(set("wrong-type", "watermark \"abc\"", "watermark", "abc"));
        mutations.add(set("wrong-type", "watermark object", "watermark", Map.of()));
        return mutations;
    }

    private List<Mutation> writingMutations() {
        List<Mutation> mutations = new ArrayList<>(requiredText("instruction", 8000));
        mutations.add(remove("targetWords"));
        mutations.addAll(integer("targetWords", 100, 50_000));
        return mutations;
    }

    private List<Mutation> longInputMutations() {
        List<Mutation> mutations = new ArrayList<>(requiredText("question", 4000));
        mutations.addAll(requiredText("text", 6_000_000));
        mutations.addAll(integer("windowTokens", 64, 8192));
        mutations.addAll(integer("cacheTokens", 16, 4096));
        return mutations;
    }

    private List<Mutation> chatMutations() {
        List<Mutation> mutations = new ArrayList<>(required("messages", List.of(), Map.of(), "x"));
        mutations.add(set("wrong-type", "messages [null]", "messages", listOf((Object) null)));
        mutations.add(set("wrong-type", "messages [5]", "messages", List.of(5)));
        for (Mutation last : List.of(set("wrong-type", "last role assistant", "role", "assistant"),
                set("wrong-type", "last role system", "role", "system"), remove("role"), remove("content"),
                set("wrong-type", "content object", "content", Map.of("a", 1)),
                set("wrong-type", "content []", "content", List.of()),
                set("wrong-type", "content number", "content", 5),
                set("wrong-type", "content image part", "content", List.of(Map.of("type", "image_url"))),
                set("wrong-type", "content text part without text", "content", List.of(Map.of("type", "text"))),
                set("encoding", "content with NUL", "content", "a\u0000b"),
                set("encoding", "content with a lone surrogate", "content", raw("\"x\\ud800\"")),
                set("size", "content 32001 characters", "content", "x".repeat(32_001)),
                set("encoding", "name with NUL", "name", "n\u0000"), set("size", "name blank", "name", " "),
                set("size", "name 129 characters", "name", "n".repeat(129)))) {
            mutations.add(new Mutation(last.kind(), "messages[last]: " + last.description(), draft -> {
                Draft inner = new Draft(this, "POST", "", "", null);
                inner.body = body("role", "user", "content", "Hello, never stored.", "name", "Ann");
                last.apply().accept(inner);
                draft.body.put("messages", List.of(inner.body));
            }));
        }
        mutations.add(set("size", "model 257 characters", "model", "m".repeat(257)));
        mutations.add(set("encoding", "model with NUL", "model", "m\u0000"));
        mutations.add(set("encoding", "model with a lone surrogate", "model", raw("\"\\ud800\"")));
        mutations.add(set("wrong-type", "model object", "model", Map.of()));
        mutations.add(set("wrong-type", "stream \"yes\"", "stream", "yes"));
        mutations.add(set("wrong-type", "max_tokens \"abc\"", "max_tokens", "abc"));
        mutations.add(set("huge-number", "max_tokens 20 nines", "max_tokens", raw("9".repeat(20))));
        mutations.add(set("wrong-type", "temperature \"hot\"", "temperature", "hot"));
        for (String id : List.of("..", ".", "a b", "c".repeat(129), "", "a%2Fb", "a/b")) {
            mutations.add(new Mutation("id", "X-Conversation-Id '" + abbreviate(id) + "'",
                    draft -> draft.headers.put("X-Conversation-Id", id)));
        }
        for (String id : List.of("..", ".", "a/b", "")) {
            mutations.add(new Mutation("id", "user '" + id + "' without the header", draft -> {
                draft.headers.remove("X-Conversation-Id");
                draft.body.put("user", id);
            }));
        }
        mutations.add(new Mutation("missing", "no conversation at all", draft -> {
            draft.headers.remove("X-Conversation-Id");
            draft.body.remove("user");
        }));
        return mutations;
    }

    private List<Mutation> adminIssueMutations() {
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(set("size", "name 201 characters", "name", "n".repeat(201)));
        mutations.add(set("encoding", "name with NUL", "name", "n\u0000"));
        mutations.add(set("encoding", "name with a lone surrogate", "name", raw("\"\\udbff\"")));
        mutations.add(set("wrong-type", "name object", "name", Map.of()));
        mutations.add(set("wrong-type", "name array", "name", List.of("a")));
        for (String id : BAD_IDS) {
            mutations.add(new Mutation("id", "tenant '" + abbreviate(id) + "'", draft -> draft.id = id));
        }
        return mutations;
    }

    /** Missing, null, each given bad value, an object and an array. */
    private List<Mutation> required(String field, Object... bad) {
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(remove(field));
        mutations.add(set("missing", field + " null", field, null));
        for (Object value : bad) {
            mutations.add(set(value instanceof String ? "size" : "wrong-type",
                    field + " " + abbreviate(String.valueOf(value)), field, value));
        }
        return mutations;
    }

    private List<Mutation> requiredText(String field, int max) {
        List<Mutation> mutations = new ArrayList<>(required(field, "", "   "));
        mutations.addAll(optionalText(field, max, false));
        return mutations;
    }

    private List<Mutation> optionalText(String field, int max, boolean blankInvalid) {
        List<Mutation> mutations = new ArrayList<>();
        if (blankInvalid) {
            mutations.add(set("size", field + " blank", field, "  "));
        }
        mutations.add(set("size", field + " " + (max + 1) + " characters", field, "x".repeat(max + 1)));
        mutations.add(set("encoding", field + " with NUL", field, "before\u0000after"));
        mutations.add(set("encoding", field + " only NUL", field, "\u0000"));
        mutations.add(set("encoding", field + " with a lone high surrogate", field, raw("\"a\\ud83d\"")));
        mutations.add(set("encoding", field + " with a lone low surrogate", field, raw("\"\\ude00a\"")));
        mutations.add(set("encoding", field + " with invalid UTF-8", field,
                new Raw(new byte[] { '"', 'a', (byte) 0xC3, 0x28, 'b', '"' })));
        mutations.add(set("encoding", field + " with a UTF-8 encoded surrogate", field,
                new Raw(new byte[] { '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"' })));
        mutations.add(set("encoding", field + " with a raw control character", field,
                new Raw(new byte[] { '"', 'a', 0x01, 'b', '"' })));
        mutations.add(set("encoding", field + " with a raw NUL byte", field, new Raw(new byte[] { '"', 'a', 0, '"' })));
        mutations.add(set("wrong-type", field + " object", field, Map.of("text", "x")));
        mutations.add(set("wrong-type", field + " array", field, List.of("x")));
        mutations.add(set("nested", field + " nested 3000 deep", field, raw("[".repeat(3000) + "]".repeat(3000))));
        return mutations;
    }

    private List<Mutation> integer(String field, int min, int max) {
        List<Mutation> mutations = new ArrayList<>();
        mutations.add(set("huge-number", field + " " + (min - 1), field, min - 1));
        mutations.add(set("huge-number", field + " " + (max + 1), field, max + 1));
        mutations.add(set("huge-number", field + " -1", field, -1));
        mutations.add(set("huge-number", field + " 2147483648", field, raw("2147483648")));
        mutations.add(set("huge-number", field + " 1e400", field, raw("1e400")));
        mutations.add(set("huge-number", field + " 20 nines", field, raw("9".repeat(20))));
        mutations.add(set("huge-number", field + " 1100 digits", field, raw("9".repeat(1100))));
        mutations.add(set("wrong-type", field + " \"many\"", field, "many"));
        mutations.add(set("wrong-type", field + " object", field, Map.of()));
        mutations.add(set("wrong-type", field + " array", field, List.of(1)));
        return mutations;
    }

    // --- mutations of the request itself
    // --------------------------------------------------

    private List<Mutation> globalMutations(Endpoint endpoint) {
        List<Mutation> mutations = new ArrayList<>();
        boolean admin = endpoint.path.apply("x").startsWith("/admin");
        if (admin) {
            mutations.add(new Mutation("auth", "no admin token", draft -> draft.headers.remove("Authorization")));
            mutations.add(new Mutation("auth", "wrong admin token",
                    draft -> draft.headers.put("Authorization", "Bearer not-the-admin-token")));
        }
        else {
            mutations.add(new Mutation("auth", "no API key", draft -> draft.headers.remove("Authorization")));
            mutations.add(new Mutation("auth", "unknown API key",
                    draft -> draft.headers.put("Authorization", "Bearer sk-skein-" + "0".repeat(40))));
            mutations.add(new Mutation("auth", "Basic credentials",
                    draft -> draft.headers.put("Authorization", "Basic dXNlcjpwYXNz")));
            mutations.add(new Mutation("auth", "a 300-character key",
                    draft -> draft.headers.put("Authorization", "Bearer " + "k".repeat(300))));
            mutations.add(new Mutation("auth", "an admin token as API key",
                    draft -> draft.headers.put("Authorization", "Bearer " + this.adminToken)));
        }
        if (endpoint.conversational) {
            for (String id : BAD_IDS) {
                mutations.add(new Mutation("id", "conversation '" + abbreviate(id) + "'", draft -> draft.id = id));
            }
        }
        mutations.add(new Mutation("method", "PUT", draft -> draft.method = "PUT"));
        mutations.add(new Mutation("method", "PATCH", draft -> draft.method = "PATCH"));
        mutations.add(new Mutation("method", "TRACE", draft -> draft.method = "TRACE"));
        mutations.add(new Mutation("path", "unknown sub-path", draft -> draft.suffix = "/nope"));
        if (endpoint.negotiates) {
            mutations.add(
                    new Mutation("media-type", "Accept: image/png", draft -> draft.headers.put("Accept", "image/png")));
        }
        if (endpoint.hasBody) {
            mutations.add(new Mutation("media-type", "Content-Type: text/plain",
                    draft -> draft.headers.put("Content-Type", "text/plain")));
            mutations.add(new Mutation("media-type", "Content-Type: application/xml",
                    draft -> draft.headers.put("Content-Type", "application/xml")));
            mutations.add(new Mutation("media-type", "no Content-Type", draft -> draft.headers.remove("Content-Type")));
            mutations.add(new Mutation("malformed", "truncated JSON", draft -> draft.truncate = true));
            mutations.add(new Mutation("malformed", "trailing garbage", draft -> draft.trailer = "}xyz"));
            mutations.add(new Mutation("malformed", "a second JSON value", draft -> draft.trailer = " {}"));
            // the admin API takes a key request without a body (the name is optional): no
            // body
            // at all is valid there
            boolean bodyOptional = endpoint.name.equals("POST admin api-keys");
            for (String value : List.of("[]", "\"text\"", "42", "null", "true", "", " ", "{", "{\"a\":}", "[{}")) {
                if (bodyOptional && value.isBlank() || bodyOptional && value.equals("null")) {
                    continue;
                }
                mutations.add(new Mutation("malformed", "body '" + value + "'",
                        draft -> draft.override = value.getBytes(StandardCharsets.UTF_8)));
            }
            mutations.add(new Mutation("nested", "body nested 5000 deep",
                    draft -> draft.override = ("{\"a\":".repeat(5000) + "1" + "}".repeat(5000))
                        .getBytes(StandardCharsets.UTF_8)));
            mutations.add(new Mutation("encoding", "body of invalid UTF-8 bytes",
                    draft -> draft.override = new byte[] { '{', (byte) 0xFF, (byte) 0xFE, '}' }));
            mutations.add(new Mutation("size", "Content-Length over the limit, no body", draft -> {
                draft.headers.put("Content-Length", "20000000");
                draft.override = new byte[0];
            }));
        }
        return mutations;
    }

    // --- helpers
    // --------------------------------------------------------------------------

    private Mutation set(String kind, String description, String field, Object value) {
        return new Mutation(kind, description, draft -> draft.body.put(field, value));
    }

    private Mutation remove(String field) {
        return new Mutation("missing", field + " missing", draft -> draft.body.remove(field));
    }

    private static Raw raw(String json) {
        return new Raw(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private static List<Object> listOf(Object... items) {
        List<Object> list = new ArrayList<>();
        for (Object item : items) {
            list.add(item);
        }
        return list;
    }

    private static String abbreviate(String text) {
        return text.length() > 20 ? text.substring(0, 8) + "…(" + text.length() + ")" : text;
    }

    private <T> T pick(List<T> items) {
        return items.get(this.random.nextInt(items.size()));
    }

    /** One generated request. */
    record Case(int number, String endpoint, String kind, String description, String method, String target,
            Map<String, String> headers, byte[] body, int tenant, String conversation) {

        @Override
        public String toString() {
            return "#" + this.number + " " + this.endpoint + " [" + this.kind + "] " + this.description + ": "
                    + this.method + " "
                    + (this.target.length() > 120 ? this.target.substring(0, 120) + "…" : this.target);
        }

    }

    /**
     * JSON written into the body as it is (a number or string no encoder would write).
     */
    record Raw(byte[] json) {
    }

    record Mutation(String kind, String description, Consumer<Draft> apply) {
    }

    private record Endpoint(String name, String method, Function<String, String> path, boolean conversational,
            boolean hasBody, boolean negotiates, Supplier<Map<String, Object>> template, List<Mutation> mutations) {

        Draft draft(BadInputs inputs) {
            Draft draft = new Draft(inputs, this.method, "", "", this);
            if (this.template != null) {
                draft.body = new LinkedHashMap<>(this.template.get());
                draft.headers.put("Content-Type", "application/json");
            }
            if (this.path.apply("x").startsWith("/admin")) {
                draft.headers.put("Authorization", "Bearer " + inputs.adminToken);
                draft.id = "fzt-" + inputs.random.nextInt(1_000_000);
            }
            if (this.name.equals("POST chat/completions")) {
                draft.headers.put("X-Conversation-Id", draft.id);
            }
            if (this.name.equals("GET writing events")) {
                draft.headers.put("Accept", "text/event-stream");
            }
            return draft;
        }

    }

    /** A request being built; mutations change it in place. */
    static final class Draft {

        private final BadInputs inputs;

        private final Endpoint endpoint;

        String method;

        String id;

        String suffix;

        String query;

        int tenant;

        Map<String, String> headers = new LinkedHashMap<>();

        Map<String, Object> body;

        byte[] override;

        boolean truncate;

        String trailer;

        Draft(BadInputs inputs, String method, String suffix, String query, Endpoint endpoint) {
            this.inputs = inputs;
            this.endpoint = endpoint;
            this.method = method;
            this.suffix = suffix;
            this.query = query;
            // a third of the cases go to the seeded conversation of the first tenant
            if (inputs.random.nextInt(3) == 0) {
                this.tenant = 0;
                this.id = inputs.seeded;
            }
            else {
                this.tenant = inputs.random.nextInt(inputs.keys.size());
                this.id = inputs.pick(inputs.fuzzConversations());
            }
            this.headers.put("Authorization", "Bearer " + inputs.keys.get(this.tenant));
        }

        Case build(int number, String endpoint, String kind, String description) {
            String target = this.endpoint.path.apply(this.id) + this.suffix + this.query;
            byte[] bytes = null;
            if (this.override != null) {
                bytes = this.override;
            }
            else if (this.body != null) {
                bytes = serialize();
                if (this.truncate) {
                    bytes = java.util.Arrays.copyOf(bytes, 1 + this.inputs.random.nextInt(bytes.length - 1));
                }
                if (this.trailer != null) {
                    byte[] tail = this.trailer.getBytes(StandardCharsets.UTF_8);
                    byte[] joined = java.util.Arrays.copyOf(bytes, bytes.length + tail.length);
                    System.arraycopy(tail, 0, joined, bytes.length, tail.length);
                    bytes = joined;
                }
            }
            boolean namesConversation = this.endpoint.conversational || endpoint.equals("POST chat/completions");
            return new Case(number, endpoint, kind, description, this.method, target, Map.copyOf(this.headers), bytes,
                    this.tenant, namesConversation ? this.id : null);
        }

        /** The body as JSON, each {@link Raw} value written in place of a placeholder. */
        private byte[] serialize() {
            Map<String, Raw> placeholders = new LinkedHashMap<>();
            Object json = replaceRaws(this.body, placeholders);
            String text = JSON.writeValueAsString(json);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int from = 0;
            for (Map.Entry<String, Raw> placeholder : placeholders.entrySet()) {
                String quoted = "\"" + placeholder.getKey() + "\"";
                int at = text.indexOf(quoted, from);
                out.writeBytes(text.substring(from, at).getBytes(StandardCharsets.UTF_8));
                out.writeBytes(placeholder.getValue().json());
                from = at + quoted.length();
            }
            out.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        private Object replaceRaws(Object value, Map<String, Raw> placeholders) {
            if (value instanceof Raw raw) {
                String placeholder = "@@raw" + placeholders.size() + "@@";
                placeholders.put(placeholder, raw);
                return placeholder;
            }
            if (value instanceof Map<?, ?> map) {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((key, item) -> copy.put(key, replaceRaws(item, placeholders)));
                return copy;
            }
            if (value instanceof List<?> list) {
                List<Object> copy = new ArrayList<>();
                list.forEach(item -> copy.add(replaceRaws(item, placeholders)));
                return copy;
            }
            return value;
        }

    }

}
