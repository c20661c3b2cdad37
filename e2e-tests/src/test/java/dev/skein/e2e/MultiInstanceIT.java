package dev.skein.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.skein.e2e.SkeinClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of every service behind one Kafka and one database, started by
 * {@code SKEIN_REPLICAS=2 infra/skein up} on ports, a state folder and a database of
 * their own (the shared e2e stack is not touched): chat turns through both gateways,
 * imports and searches while one instance of each service after the other is killed with
 * {@code kill -9}; every turn gets exactly one reply and nothing is lost. The time from
 * each kill to the next completed turn of every conversation is printed (not asserted).
 * Also: one tenant's rate limit holds across the two gateways, and past a gateway's bound
 * of turns in flight a turn is refused with 503 and {@code Retry-After}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {

    // below Linux's ephemeral range (32768-60999): a port there can be any outgoing
    // connection's at the moment the stack binds it
    private static final int GATEWAY_PORT = 27080;

    private static final int PORT_STEP = 10;

    private static final int CONVERSATIONS = 4;

    private static final int IMPORTED = 8;

    /** The limit of {@link #limitedTenant}: requests per minute. */
    private static final int LIMIT = 6;

    private static final int MAX_IN_FLIGHT = 6;

    private static Path root;

    private static Map<String, String> env;

    private static String adminToken;

    private static String limitedTenant;

    private static List<String> gateways;

    @BeforeAll
    static void start() {
        root = repositoryRoot();
        adminToken = "e2e-admin-" + UUID.randomUUID();
        limitedTenant = "e2e-limited-" + UUID.randomUUID().toString().substring(0, 8);
        env = new HashMap<>();
        env.put("SKEIN_HOME", root.resolve("e2e-tests/target/stack-multi").toString());
        env.put("SKEIN_DB_NAME", System.getenv().getOrDefault("SKEIN_E2E_DB_NAME", "skein_e2e") + "_multi");
        env.put("SKEIN_REPLICAS", "2");
        env.put("SKEIN_PORT_STEP", Integer.toString(PORT_STEP));
        env.put("SKEIN_GATEWAY_PORT", Integer.toString(GATEWAY_PORT));
        env.put("SKEIN_MEMORY_PORT", Integer.toString(GATEWAY_PORT + 1));
        env.put("SKEIN_RETRIEVAL_PORT", Integer.toString(GATEWAY_PORT + 2));
        env.put("SKEIN_GENERATION_PORT", Integer.toString(GATEWAY_PORT + 3));
        env.put("SKEIN_KAFKA_PORT", "27192");
        env.put("SKEIN_KAFKA_CONTROLLER_PORT", "27193");
        env.put("SKEIN_SKIP_BUILD", "1");
        env.put("SKEIN_SERVICE_HEAP", "512m");
        env.put("SKEIN_START_TIMEOUT", "420");
        env.put("SKEIN_ADMIN_TOKEN", adminToken);
        env.put("SKEIN_INTERNAL_TOKEN_SECRET", "e2e-internal-" + UUID.randomUUID() + UUID.randomUUID());
        env.put("SKEIN_LLM_BASE_URL", "");
        env.put("SKEIN_TURN_TIMEOUT", "30s");
        env.put("SKEIN_MAX_IN_FLIGHT_TURNS", Integer.toString(MAX_IN_FLIGHT));
        env.put("SPRING_APPLICATION_JSON",
                "{\"skein\":{\"gateway\":{\"rate-limit\":{\"overrides\":{\"" + limitedTenant + "\":" + LIMIT + "}}}}}");
        // the settings under test come from the platform's defaults; a variable may
        // choose another membership protocol to compare (SKEIN_E2E_KAFKA_GROUP_PROTOCOL)
        String protocol = System.getenv("SKEIN_E2E_KAFKA_GROUP_PROTOCOL");
        if (protocol != null) {
            env.put("SKEIN_KAFKA_GROUP_PROTOCOL", protocol);
        }
        run("down");
        run("up");
        gateways = List.of("http://127.0.0.1:" + GATEWAY_PORT, "http://127.0.0.1:" + (GATEWAY_PORT + PORT_STEP));
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            run("down");
        }
    }

    @Test
    @Order(1)
    void aTenantsRateLimitHoldsAcrossBothGateways() {
        String key = new SkeinClient(gateways.get(0), adminToken).createApiKey(limitedTenant);
        int allowed = 0;
        int limited = 0;
        for (int i = 0; i < 2 * LIMIT; i++) {
            Response response = new SkeinClient(gateways.get(i % 2), key).get("/v1/conversations/rate-" + i);
            if (response.status() == 429) {
                limited++;
                assertThat(response.json().path("type").asString()).endsWith("/rate-limited");
                assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 60L);
            }
            else {
                assertThat(response.status()).as(response.body()).isEqualTo(404);
                allowed++;
            }
        }
        System.out.printf("rate limit %d/min over two gateways: %d of %d requests allowed, %d refused%n", LIMIT,
                allowed, 2 * LIMIT, limited);
        // counted per instance, the two gateways would have let all 2 x LIMIT through;
        // one token may refill while the requests run
        assertThat(allowed).isBetween(LIMIT, LIMIT + 1);
    }

    @Test
    @Order(2)
    void pastTheBoundOfTurnsInFlightATurnIsRefusedAtOnceAndNothingIsQueued() throws Exception {
        SkeinClient client = newTenant(gateways.get(0));
        int turns = 40;
        ExecutorService pool = Executors.newFixedThreadPool(turns);
        List<Future<Response>> sent = new ArrayList<>();
        try {
            for (int i = 0; i < turns; i++) {
                String conversation = "pressure-" + i;
                sent.add(pool.submit(() -> client.say(conversation, "Please remember that my locker is 12.")));
            }
            int answered = 0;
            int refused = 0;
            for (int i = 0; i < turns; i++) {
                Response response = sent.get(i).get(2, TimeUnit.MINUTES);
                Response transcript = client.get("/v1/conversations/pressure-" + i + "/messages");
                if (response.status() == 503) {
                    refused++;
                    assertThat(response.json().path("type").asString()).endsWith("/overloaded");
                    assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
                    // refused before anything was produced: no message, no late reply
                    assertThat(transcript.status() == 404 || transcript.json().path("messages").isEmpty())
                        .as(transcript.body())
                        .isTrue();
                }
                else {
                    assertThat(response.status()).as(response.body()).isEqualTo(200);
                    answered++;
                }
            }
            System.out.printf("back-pressure (bound %d per gateway): %d turns at once, %d answered, %d refused 503%n",
                    MAX_IN_FLIGHT, turns, answered, refused);
            assertThat(refused).isPositive();
            assertThat(answered).isGreaterThanOrEqualTo(MAX_IN_FLIGHT);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void survivorsTakeOverWhenOneInstanceOfEachServiceIsKilled() throws Exception {
        SkeinClient first = newTenant(gateways.get(0));
        List<SkeinClient> clients = List.of(first, new SkeinClient(gateways.get(1), first.apiKey()));
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<Conversation> conversations = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            conversations.add(new Conversation("multi-" + run + "-" + i, clients));
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(CONVERSATIONS);
        Map<String, Long> takeOverMillis = new LinkedHashMap<>();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (Conversation conversation : conversations) {
                workers.add(pool.submit(() -> conversation.work(stop)));
            }
            awaitTurns(conversations, 3);
            // one instance of each service after the other: the take-over of each is
            // seen on its own
            for (String victim : List.of("memory-service-2", "retrieval-service-2", "generation-service-2",
                    "gateway-2")) {
                long killedAt = kill(victim);
                long next = 0;
                for (Conversation conversation : conversations) {
                    next = Math.max(next, conversation.awaitTurnSentAfter(killedAt) - killedAt);
                }
                takeOverMillis.put(victim, TimeUnit.NANOSECONDS.toMillis(next));
                System.out.printf("kill -9 %s: every conversation completed a turn sent after the kill within %d ms%n",
                        victim, TimeUnit.NANOSECONDS.toMillis(next));
            }
            awaitTurns(conversations, 2);
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(3, TimeUnit.MINUTES);
            }
        }
        finally {
            stop.set(true);
            pool.shutdownNow();
        }

        int turns = 0;
        int messages = 0;
        for (Conversation conversation : conversations) {
            int[] counted = conversation.verify(first);
            turns += counted[0];
            messages += counted[1];
        }
        System.out.printf("multi-instance run: %d conversations, %d turns, %d messages, lost 0, duplicated 0, "
                + "take-over (ms) %s%n", CONVERSATIONS, turns, messages, takeOverMillis);
    }

    /** Each conversation completed at least {@code more} further turns. */
    private static void awaitTurns(List<Conversation> conversations, int more) throws InterruptedException {
        Map<Conversation, Integer> target = new HashMap<>();
        conversations.forEach(conversation -> target.put(conversation, conversation.completed() + more));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        for (Conversation conversation : conversations) {
            while (conversation.completed() < target.get(conversation)) {
                conversation.rethrow();
                assertThat(System.nanoTime()).as("turns of " + conversation.id + " go on").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    /** kill -9 of one instance; answers when (nano clock). */
    private static long kill(String instance) throws IOException {
        Path pidFile = Path.of(env.get("SKEIN_HOME"), "pids", instance + ".pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle process = ProcessHandle.of(pid)
            .orElseThrow(() -> new AssertionError(instance + " is not running"));
        long at = System.nanoTime();
        // SIGKILL: no shutdown hook, no leaving the consumer group, connections dropped
        assertThat(process.destroyForcibly()).isTrue();
        process.onExit().join();
        return at;
    }

    /**
     * One conversation of the run: turns one after the other, each with its own
     * externalId, sent to the two gateways in turn and sent again (to the other gateway)
     * while the answer is an outage or the connection broke; an import after every fourth
     * turn and a search after every third.
     */
    private static final class Conversation {

        private final String id;

        private final List<SkeinClient> clients;

        /** Turn number -> when its last attempt was sent and when it completed. */
        private final Map<Integer, long[]> done = new ConcurrentHashMap<>();

        private final Set<Integer> imports = ConcurrentHashMap.newKeySet();

        private volatile Throwable failure;

        Conversation(String id, List<SkeinClient> clients) {
            this.id = id;
            this.clients = clients;
        }

        int completed() {
            return this.done.size();
        }

        void rethrow() {
            if (this.failure != null) {
                throw new AssertionError(this.id + " failed", this.failure);
            }
        }

        /** When the first turn that was sent after {@code at} completed. */
        long awaitTurnSentAfter(long at) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (true) {
                rethrow();
                long first = Long.MAX_VALUE;
                for (long[] turn : this.done.values()) {
                    if (turn[0] >= at) {
                        first = Math.min(first, turn[1]);
                    }
                }
                if (first != Long.MAX_VALUE) {
                    return first;
                }
                assertThat(System.nanoTime()).as("a turn of " + this.id + " after the kill").isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        void work(AtomicBoolean stop) {
            try {
                send(importBody(0), "/messages:import", 0);
                this.imports.add(0);
                for (int turn = 1; !stop.get(); turn++) {
                    turn(turn);
                    if (turn % 4 == 0) {
                        send(importBody(turn), "/messages:import", turn);
                        this.imports.add(turn);
                    }
                    if (turn % 3 == 0) {
                        Response found = send(
                                SkeinClient.JSON.createObjectNode().put("query", "locker number").toString(),
                                "/memory:search", turn);
                        assertThat(found.json().path("results").isArray()).isTrue();
                    }
                }
            }
            catch (Throwable ex) {
                this.failure = ex;
            }
        }

        private void turn(int turn) throws InterruptedException {
            String body = SkeinClient.JSON.createObjectNode()
                .put("role", "user")
                .put("content", "Turn " + turn + ": my locker number is " + (1000 + turn) + ".")
                .put("externalId", "turn-" + turn)
                .toString();
            long[] times = new long[2];
            send(body, "/messages", turn, times);
            times[1] = System.nanoTime();
            this.done.put(turn, times);
        }

        private Response send(String body, String path, int attempt) throws InterruptedException {
            return send(body, path, attempt, new long[2]);
        }

        /**
         * Sends until answered 200, to the next gateway after an outage (503, 504, a
         * broken connection); anything else fails the run.
         */
        private Response send(String body, String path, int turn, long[] times) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            for (int attempt = 0;; attempt++) {
                SkeinClient client = this.clients.get((turn + attempt) % this.clients.size());
                times[0] = System.nanoTime();
                Response response;
                try {
                    response = client.post("/v1/conversations/" + this.id + path, body);
                }
                catch (IllegalStateException ex) {
                    response = null;
                }
                if (response != null && response.status() == 200) {
                    return response;
                }
                if (response != null && response.status() != 503 && response.status() != 504) {
                    throw new AssertionError(path + " answered " + response.status() + ": " + response.body());
                }
                assertThat(System.nanoTime()).as(path + " of " + this.id + " answered in the end").isLessThan(deadline);
                Thread.sleep(100);
            }
        }

        private String importBody(int after) {
            ObjectNode body = SkeinClient.JSON.createObjectNode();
            ArrayNode messages = body.putArray("messages");
            for (int i = 0; i < IMPORTED; i++) {
                messages.addObject()
                    .put("role", i % 2 == 0 ? "user" : "assistant")
                    .put("content", "Imported " + after + "/" + i + ": the garden gate code is " + (500 + i) + ".")
                    .put("externalId", "import-" + after + "-" + i);
            }
            return body.toString();
        }

        /**
         * Every turn stored once with exactly one reply right after it, every import
         * once; answers the number of turns and of messages.
         */
        int[] verify(SkeinClient client) {
            rethrow();
            List<JsonNode> messages = new ArrayList<>();
            String cursor = null;
            do {
                Response page = client.get("/v1/conversations/" + this.id + "/messages?limit=200"
                        + (cursor == null ? "" : "&cursor=" + cursor));
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                page.json().path("messages").forEach(messages::add);
                JsonNode next = page.json().path("nextCursor");
                cursor = next.isString() ? next.asString() : null;
            }
            while (cursor != null);
            Set<Integer> turns = new TreeSet<>();
            Map<String, Integer> imported = new HashMap<>();
            for (int i = 0; i < messages.size(); i++) {
                JsonNode message = messages.get(i);
                String externalId = text(message, "externalId");
                if (externalId.startsWith("turn-")) {
                    int turn = Integer.parseInt(externalId.substring(5));
                    assertThat(turns.add(turn)).as("turn %d of %s stored once", turn, this.id).isTrue();
                    assertThat(i + 1).as("a reply after turn %d of %s", turn, this.id).isLessThan(messages.size());
                    assertThat(messages.get(i + 1).path("role").asString()).as("reply to turn %d", turn)
                        .isEqualTo("assistant");
                    assertThat(text(messages.get(i + 1), "externalId"))
                        .as("the message after turn %d of %s is its reply", turn, this.id)
                        .isEmpty();
                }
                else if (externalId.startsWith("import-")) {
                    imported.merge(externalId, 1, Integer::sum);
                }
            }
            assertThat(turns).as("every completed turn of %s stored", this.id).containsAll(this.done.keySet());
            long replies = messages.stream()
                .filter(message -> message.path("role").asString().equals("assistant")
                        && text(message, "externalId").isEmpty())
                .count();
            assertThat(replies).as("one reply per turn of %s", this.id).isEqualTo(turns.size());
            assertThat(imported.values()).as("every imported message of %s once", this.id).allMatch(n -> n == 1);
            assertThat(imported).hasSize(this.imports.size() * IMPORTED);
            return new int[] { turns.size(), messages.size() };
        }

    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : "";
    }

    private static SkeinClient newTenant(String gateway) {
        String tenant = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        return new SkeinClient(gateway, new SkeinClient(gateway, adminToken).createApiKey(tenant));
    }

    private static void run(String command) {
        try {
            Path log = root.resolve("e2e-tests/target/skein-multi-" + command + ".log");
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of(root.resolve("infra/skein").toString(), command))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("infra/skein " + command + " failed:\n" + Files.readString(log));
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot run infra/skein " + command, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra/skein"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("infra/skein not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

}
