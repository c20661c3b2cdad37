package dev.skein.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.skein.e2e.SkeinClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure reaches everything (docs/erasure.md): a unique canary string is planted in a
 * conversation (chat turns and an import: content, speaker, metadata), found by search,
 * and the conversation erased; then every row of every table of every schema of the
 * stack's database, every segment file of its Kafka broker (all partitions, dead-letter
 * topics included) and every service log is scanned for the canary in clear text: none. A
 * second canary in a conversation that is kept proves the scan finds what is there
 * (database), and that Kafka holds neither canary in clear even before the erasure.
 */
class ErasureCanaryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final SkeinStack stack = SkeinStack.get();

    private final SkeinClient client = this.stack.newTenant();

    @Test
    void anErasedConversationLeavesNoClearTextInTheDatabaseKafkaOrTheLogs() throws Exception {
        assumeThat(this.stack.home()).as("a stack these tests started (its database and broker files)").isPresent();
        Path home = this.stack.home().get();
        String erased = canary();
        String kept = canary();
        String erasedConversation = "erasure-" + UUID.randomUUID();
        String keptConversation = "kept-" + UUID.randomUUID();

        plant(erasedConversation, erased);
        plant(keptConversation, kept);

        Scan keptInDatabase = scanDatabase(kept);
        Scan beforeInDatabase = scanDatabase(erased);
        Scan beforeInKafka = scanFiles(segments(home), erased, kept);
        System.out.printf("canary before erasure: database %s, kafka %s%n", beforeInDatabase, beforeInKafka);
        // the scan can fail: the kept conversation's canary is in the database ...
        assertThat(keptInDatabase.hits()).as("tables holding the kept canary").isPositive();
        assertThat(beforeInDatabase.hits()).as("tables holding the canary before erasure").isPositive();
        // ... and Kafka never held either one in clear (the events are encrypted)
        assertThat(beforeInKafka.scanned()).as("segment files").isPositive();
        assertThat(beforeInKafka.hits()).as("segment files holding a canary in clear").isZero();

        long started = System.nanoTime();
        Response deleted = this.client.delete("/v1/conversations/" + erasedConversation);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        long returned = System.nanoTime();
        Scan afterInDatabase = await().atMost(WAIT)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> scanDatabase(erased), (scan) -> scan.hits() == 0);
        long propagated = System.nanoTime();

        Scan afterInKafka = scanFiles(segments(home), erased);
        Scan afterInLogs = scanFiles(logs(home), erased, kept);
        System.out.printf(
                "canary after erasure: database %s, kafka %s, logs %s; DELETE took %d ms, derived stores empty %d ms after it returned%n",
                afterInDatabase, afterInKafka, afterInLogs, (returned - started) / 1_000_000,
                (propagated - returned) / 1_000_000);
        assertThat(afterInDatabase.hits()).isZero();
        assertThat(afterInKafka.hits()).as("segment files holding the canary").isZero();
        assertThat(afterInLogs.scanned()).as("log files").isPositive();
        assertThat(afterInLogs.hits()).as("log files holding a canary").isZero();
        // the kept conversation is untouched
        assertThat(scanDatabase(kept).hits()).isEqualTo(keptInDatabase.hits());
        assertThat(search(keptConversation, kept).toString()).contains(kept);
    }

    /**
     * A user's erasure is each of its conversations' erasure: the canary planted in two
     * conversations of one user is gone from the database, never in Kafka in clear, and
     * in no log once {@code DELETE /v1/users/{userId}} returned.
     */
    @Test
    void anErasedUserLeavesNoClearTextInTheDatabaseKafkaOrTheLogs() throws Exception {
        assumeThat(this.stack.home()).as("a stack these tests started (its database and broker files)").isPresent();
        Path home = this.stack.home().get();
        String erased = canary();
        String user = "user-" + UUID.randomUUID();
        for (String conversation : List.of("user-erasure-" + UUID.randomUUID(), "user-erasure-" + UUID.randomUUID())) {
            Response owned = this.client.post("/v1/conversations/" + conversation + "/messages:import",
                    "{\"userId\":\"" + user + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Owned.\"}]}");
            assertThat(owned.status()).as(owned.body()).isEqualTo(200);
            plant(conversation, erased);
        }
        assertThat(scanDatabase(erased).hits()).as("tables holding the canary before erasure").isPositive();

        Response deleted = this.client.delete("/v1/users/" + user);

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        Scan afterInDatabase = await().atMost(WAIT)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> scanDatabase(erased), (scan) -> scan.hits() == 0);
        Scan afterInKafka = scanFiles(segments(home), erased);
        Scan afterInLogs = scanFiles(logs(home), erased);
        System.out.printf("user canary after erasure: database %s, kafka %s, logs %s%n", afterInDatabase, afterInKafka,
                afterInLogs);
        assertThat(afterInKafka.scanned()).as("segment files").isPositive();
        assertThat(afterInKafka.hits()).as("segment files holding the canary").isZero();
        assertThat(afterInLogs.hits()).as("log files holding the canary").isZero();
        assertThat(this.client.get("/v1/users/" + user + "/conversations").status()).isEqualTo(404);
    }

    /** Lowercase letters and digits: one token, as the index's text search keeps it. */
    private static String canary() {
        return "zqcanary"
                + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), 0, 8);
    }

    /** A chat turn and an import that carry the canary, until search finds it. */
    private void plant(String conversation, String canary) {
        Response turn = this.client.say(conversation, "Please remember my code word " + canary + " for later.");
        assertThat(turn.status()).as(turn.body()).isEqualTo(200);
        ObjectNode body = SkeinClient.JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        messages.addObject()
            .put("role", "user")
            .put("speaker", "Agent " + canary)
            .put("content", "The vault number is " + canary + " and the garden is green.")
            .put("externalId", "canary-1")
            .put("createdAt", "2024-05-01T10:00:00Z")
            .putObject("metadata")
            .put("note", canary);
        messages.addObject()
            .put("role", "assistant")
            .put("content", "Noted: " + canary + ".")
            .put("externalId", "canary-2")
            .put("createdAt", "2024-05-01T10:00:05Z");
        Response imported = this.client.post("/v1/conversations/" + conversation + "/messages:import", body.toString());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        await().atMost(WAIT)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> search(conversation, canary).toString().contains(canary));
    }

    private JsonNode search(String conversation, String query) {
        Response response = this.client.post("/v1/conversations/" + conversation + "/memory:search",
                SkeinClient.JSON.createObjectNode().put("query", query).put("topK", 10).toString());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** Every row of every table of every schema, cast to text. */
    private static Scan scanDatabase(String canary) throws SQLException {
        try (Connection db = DriverManager
            .getConnection("jdbc:postgresql://127.0.0.1:5432/" + SkeinStack.databaseName(), "skein", "skein")) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = db.createStatement().executeQuery("""
                    SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
                    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')""")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            List<String> holding = new ArrayList<>();
            for (String table : tables) {
                try (PreparedStatement count = db
                    .prepareStatement("SELECT count(*) FROM " + table + " t WHERE strpos(t::text, ?) > 0")) {
                    count.setString(1, canary);
                    try (ResultSet row = count.executeQuery()) {
                        row.next();
                        if (row.getLong(1) > 0) {
                            holding.add(table + "=" + row.getLong(1));
                        }
                    }
                }
            }
            return new Scan("tables", tables.size(), holding);
        }
    }

    /**
     * Every log segment of every partition the broker has, dead-letter topics included.
     */
    private static List<Path> segments(Path home) throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("kafka-data"))) {
            return files.filter((file) -> file.getFileName().toString().endsWith(".log")).toList();
        }
    }

    private static List<Path> logs(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("logs"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** The files that hold any of the canaries, read as bytes. */
    private static Scan scanFiles(List<Path> files, String... canaries) {
        List<String> holding = new ArrayList<>();
        for (Path file : files) {
            String bytes;
            try {
                bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            for (String canary : canaries) {
                if (bytes.contains(canary)) {
                    holding.add(file.getParent().getFileName() + "/" + file.getFileName());
                }
            }
        }
        return new Scan("files", files.size(), holding);
    }

    record Scan(String what, int scanned, List<String> holding) {

        int hits() {
            return this.holding.size();
        }

        @Override
        public String toString() {
            return this.scanned + " " + this.what + " scanned, " + hits() + " hits"
                    + (this.holding.isEmpty() ? "" : " " + this.holding);
        }

    }

}
