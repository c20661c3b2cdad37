package dev.skein.e2e;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.skein.e2e.SkeinClient.Response;

/**
 * The fault suite's client, short form of {@code skein-tools fault-suite}: an import and
 * chat turns that retry as the README documents (a dropped connection, 502/503/504 or
 * 429: the same request again, same externalIds and {@code Idempotency-Key}, after
 * {@code Retry-After}), and what they got acknowledged.
 */
final class FaultLoad {

    private static final long DEADLINE_NANOS = Duration.ofMinutes(5).toNanos();

    private final SkeinClient client;

    private final String run;

    final String importConversation;

    final String chatConversation;

    final Set<String> sentImports = ConcurrentHashMap.newKeySet();

    final Set<String> ackedImports = ConcurrentHashMap.newKeySet();

    final Set<String> sentTurns = ConcurrentHashMap.newKeySet();

    final Set<String> ackedTurns = ConcurrentHashMap.newKeySet();

    /** Answers that are neither success nor a documented reason to retry. */
    final List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile boolean stopChat;

    FaultLoad(SkeinClient client, String run) {
        this.client = client;
        this.run = run;
        this.importConversation = "fault-" + run + "-import";
        this.chatConversation = "fault-" + run + "-chat";
    }

    static String token(String run, String kind, int n) {
        return "q" + run + kind + Integer.toString(n, 36) + "z";
    }

    /**
     * Imports {@code total} messages in batches of {@code batch}, each until
     * acknowledged.
     */
    void importMessages(int total, int batch) {
        for (int from = 0; from < total; from += batch) {
            ObjectNode body = SkeinClient.JSON.createObjectNode();
            ArrayNode messages = body.putArray("messages");
            for (int n = from; n < Math.min(total, from + batch); n++) {
                messages.addObject()
                    .put("role", n % 2 == 0 ? "user" : "assistant")
                    .put("content", "Message " + n + ": remember the code " + token(this.run, "i", n) + ".")
                    .put("externalId", "imp-" + n);
                this.sentImports.add("imp-" + n);
            }
            Response answer = send("/v1/conversations/" + this.importConversation + "/messages:import", body.toString(),
                    Map.of("Idempotency-Key", this.importConversation + "-" + from));
            if (answer != null && answer.status() == 200) {
                answer.json().path("messages").forEach(m -> this.ackedImports.add(m.path("externalId").asString()));
            }
            else if (answer != null) {
                this.refused.add(answer.status() + " " + answer.body());
            }
        }
    }

    /**
     * Chat turns one after another until {@link #stopChat()} and at least {@code min}.
     */
    void chat(int min) {
        for (int n = 0; n < min || !this.stopChat; n++) {
            String body = SkeinClient.JSON.createObjectNode()
                .put("role", "user")
                .put("content", "Turn " + n + ": my locker code is " + token(this.run, "c", n) + ". Noted?")
                .put("externalId", "turn-" + n)
                .toString();
            this.sentTurns.add("turn-" + n);
            Response answer = send("/v1/conversations/" + this.chatConversation + "/messages", body, Map.of());
            if (answer != null && answer.status() == 200 && answer.json().has("reply")) {
                this.ackedTurns.add("turn-" + n);
            }
            else if (answer != null) {
                this.refused.add(answer.status() + " " + answer.body());
            }
            else {
                return;
            }
        }
    }

    void stopChat() {
        this.stopChat = true;
    }

    private Response send(String path, String body, Map<String, String> headers) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        long backoff = 250;
        while (System.nanoTime() < deadline) {
            long wait = backoff;
            try {
                Response answer = this.client.post(path, body, headers);
                int status = answer.status();
                if (status < 500 && status != 429) {
                    return answer;
                }
                String retryAfter = answer.header("Retry-After");
                if (retryAfter != null && retryAfter.strip().matches("\\d+")) {
                    wait = Long.parseLong(retryAfter.strip()) * 1000;
                }
            }
            catch (IllegalStateException ex) {
                // the connection was refused or broke: the gateway or a service is
                // restarting
            }
            sleep(wait);
            backoff = Math.min(2 * backoff, 2000);
        }
        return null;
    }

    /** A conversation's messages in order: (messageId, role, externalId). */
    List<String[]> transcript(String conversation) {
        List<String[]> messages = new ArrayList<>();
        String cursor = null;
        do {
            Response page = this.client.get("/v1/conversations/" + conversation + "/messages?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            if (page.status() != 200) {
                throw new IllegalStateException(page.toString());
            }
            for (JsonNode message : page.json().path("messages")) {
                JsonNode externalId = message.path("externalId");
                messages.add(new String[] { message.path("messageId").asString(), message.path("role").asString(),
                        externalId.isNull() || externalId.isMissingNode() ? null : externalId.asString() });
            }
            JsonNode next = page.json().path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
        }
        while (cursor != null);
        return messages;
    }

    /** How often each externalId is stored. */
    static Map<String, Integer> copies(List<String[]> transcript) {
        Map<String, Integer> copies = new TreeMap<>();
        transcript.stream().filter(m -> m[2] != null).forEach(m -> copies.merge(m[2], 1, Integer::sum));
        return copies;
    }

    /** The assistant messages after each user message, up to the next one. */
    static List<Integer> repliesPerTurn(List<String[]> transcript) {
        List<Integer> replies = new ArrayList<>();
        for (String[] message : transcript) {
            if ("user".equals(message[1])) {
                replies.add(0);
            }
            else if ("assistant".equals(message[1]) && !replies.isEmpty()) {
                replies.set(replies.size() - 1, replies.get(replies.size() - 1) + 1);
            }
        }
        return replies;
    }

    /**
     * Whether a search for a message's unique word finds it among the first ten: the
     * messages are alike statements with a changed number, so later ones may be taken for
     * updates of it and rank right above it.
     */
    boolean findable(String conversation, String token, String externalId) {
        Response answer = this.client.post("/v1/conversations/" + conversation + "/memory:search",
                SkeinClient.JSON.createObjectNode().put("query", token).put("topK", 10).toString());
        for (JsonNode result : answer.json().path("results")) {
            for (JsonNode id : result.path("externalIds")) {
                if (externalId.equals(id.asString())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Stored messages the client sent (externalIds) in no turn chunk of the index. */
    static long unindexed(String jdbcUrl, String conversation, List<String[]> transcript) {
        Set<String> indexed = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "skein", "skein");
                PreparedStatement statement = connection.prepareStatement("SELECT DISTINCT unnest(message_ids)::text"
                        + " FROM retrieval.memory_chunks WHERE conversation_id = ? AND kind = 'turn'")) {
            statement.setString(1, conversation);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    indexed.add(rows.getString(1));
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        // a reply of the extractive responder quotes memories and is deliberately not
        // indexed
        return transcript.stream().filter(m -> m[2] != null && !indexed.contains(m[0])).count();
    }

    /** Rows of the memory-service's outbox not yet published. */
    static long outbox(String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "skein", "skein");
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM memory.outbox");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
