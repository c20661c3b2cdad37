package dev.skein.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.postgresql.util.PGobject;

/**
 * The floor and the ratio (issue 15): in one run, on one machine, what the parts of the
 * memory path cost alone and what the same operations cost through the gateway.
 * <ol>
 * <li>Imports a conversation through the gateway and waits until it is searchable,
 * windows and summaries included: messages per second.</li>
 * <li>The floor, in this process against the stack's own PostgreSQL and Kafka: the
 * retrieval-service's embedding model on a typical turn and on a question; the
 * retrieval-service's search statement (read from the jar the stack runs) on that
 * conversation's rows; one INSERT with the indexer's statement into the same table; one
 * Kafka hop with the stack's producer settings; and the floor of a turn, those four in
 * sequence (query embedding, search, insert, hop). The floor of an import is one
 * embedding and one INSERT per message.</li>
 * <li>The same through the gateway: {@code memory:search} (top 10), then chat turns in
 * the same conversation.</li>
 * </ol>
 * Each pair is printed with its ratio (gateway over floor), the core count and the load
 * average before and after.
 */
final class FloorBench {

    /**
     * How many parameters the floor binds to the retrieval-service's search and upsert
     * statements, by position ({@link #search}, {@link #insert}): a change there must
     * change these and the binding (FloorStatementsTests compares them with the compiled
     * service).
     */
    static final int SEARCH_PARAMETERS = 18;

    static final int UPSERT_PARAMETERS = 19;

    private static final String TENANT = "skein-floor-bench";

    /** The floor's conversation: no watermark, so not in the HNSW graph, as a chat's. */
    private static final UUID CONVERSATION_UID = new UUID(0, 15);

    private static final String[] TOPICS = { "my sister's wedding in Porto", "the pottery class",
            "my new job as a data engineer", "the hiking trip in the Alps", "our book club", "the garden tomatoes",
            "learning the violin", "the leaking bathroom tap", "renewing my passport", "the football match" };

    private final SkeinApi api;

    private final int samples;

    private final int warmup;

    private final int turns;

    private final Path file;

    private final Path retrievalJar;

    private final String dbUrl;

    private final String dbUser;

    private final String dbPassword;

    private final String kafka;

    private final String model;

    private final boolean keep;

    FloorBench(SkeinApi api, Options options) {
        this.api = api;
        this.samples = options.integer("samples", 200);
        this.warmup = options.integer("warmup", 20);
        this.turns = options.integer("turns", 650);
        this.file = options.has("file") ? Path.of(options.text("file", null)) : null;
        Path home = Path.of(SkeinTools.env("SKEIN_HOME", ".skein"));
        this.retrievalJar = Path
            .of(options.text("retrieval-jar", home.resolve("jars/retrieval-service-0.1.0-SNAPSHOT.jar").toString()));
        this.dbUrl = options.text("db-url", "jdbc:postgresql://127.0.0.1:" + SkeinTools.env("SKEIN_DB_PORT", "5432")
                + "/" + SkeinTools.env("SKEIN_DB_NAME", "skein"));
        this.dbUser = options.text("db-user", SkeinTools.env("SKEIN_DB_USER", "skein"));
        this.dbPassword = options.text("db-password", SkeinTools.env("SKEIN_DB_PASSWORD", "skein"));
        this.kafka = options.text("kafka", "127.0.0.1:" + SkeinTools.env("SKEIN_KAFKA_PORT", "9092"));
        this.model = options.text("model", SkeinTools.env("SKEIN_EMBEDDING_MODEL", "bge-small-en-v15-q"));
        this.keep = options.flag("keep");
    }

    /** A conversation to import, its questions, and turns to send. */
    record Workload(List<Map<String, Object>> messages, List<String> questions) {
    }

    void run() throws Exception {
        if (!Files.exists(this.retrievalJar)) {
            throw new IllegalArgumentException("No retrieval-service jar at " + this.retrievalJar
                    + ": pass --retrieval-jar (the jar the stack runs, or retrieval-service/target/classes)");
        }
        String search = CompiledStatements.read(this.retrievalJar, CompiledStatements.SEARCH_CLASS, "SEARCH");
        String upsert = CompiledStatements.read(this.retrievalJar, CompiledStatements.INDEXER_CLASS, "UPSERT");
        expectParameters("MemorySearch.SEARCH", search, SEARCH_PARAMETERS);
        expectParameters("MemoryIndexer.UPSERT", upsert, UPSERT_PARAMETERS);
        String loadBefore = Machine.loadAverage();
        Workload workload = this.file != null ? locomo(this.file) : synthetic(this.turns);
        String conversation = "floor-" + UUID.randomUUID().toString().substring(0, 8);

        // 1. import until searchable, through the gateway
        long started = System.nanoTime();
        long watermark = NeedleProbe.importAll(this.api, conversation, workload.messages());
        Indexing.Indexed indexed = Indexing.await(this.api, conversation, watermark, Duration.ofHours(1));
        int count = workload.messages().size();
        double importRate = count / ((indexed.settledAt() - started) / 1e9);
        double turnsRate = count / ((indexed.turnsAt() - started) / 1e9);
        System.out.printf(Locale.ROOT, "imported %,d messages into %s: turns searchable at %.1f messages/s, "
                + "windows and summaries too at %.1f messages/s%n", count, conversation, turnsRate, importRate);

        // 2. the floor
        InProcessModel embedder = new InProcessModel(this.model);
        List<Double> embedTurn = new ArrayList<>();
        List<Double> embedQuery = new ArrayList<>();
        List<Double> searchSql = new ArrayList<>();
        List<Double> insert = new ArrayList<>();
        List<Double> ack = new ArrayList<>();
        List<Double> hop = new ArrayList<>();
        List<Double> floorTurn = new ArrayList<>();
        List<Double> floorSearch = new ArrayList<>();
        double floorIngest;
        int rows;
        try (Connection db = DriverManager.getConnection(this.dbUrl + "?currentSchema=retrieval,public", this.dbUser,
                this.dbPassword); KafkaHop kafkaHop = new KafkaHop(this.kafka)) {
            String tenant = tenantOf(db, conversation);
            rows = rows(db, tenant, conversation);
            cleanUp(db);
            List<String> texts = userTexts(workload);
            long sequence = 0;
            for (int i = 0; i < this.warmup + this.samples; i++) {
                boolean counted = i >= this.warmup;
                String question = workload.questions().get(i % workload.questions().size());
                String text = texts.get(i % texts.size());
                String[] previous = { "user", texts.get((i + texts.size() - 1) % texts.size()) };

                long t0 = System.nanoTime();
                float[] turnVector = embedder.turn(previous, "user", text);
                long t1 = System.nanoTime();
                float[] queryVector = embedder.query(question);
                long t2 = System.nanoTime();
                search(db, search, tenant, conversation, question, queryVector);
                long t3 = System.nanoTime();
                insert(db, upsert, ++sequence, text, turnVector);
                long t4 = System.nanoTime();
                double[] kafkaTimes = kafkaHop.hop(conversation, text);
                long t5 = System.nanoTime();
                if (counted) {
                    embedTurn.add((t1 - t0) / 1e6);
                    embedQuery.add((t2 - t1) / 1e6);
                    searchSql.add((t3 - t2) / 1e6);
                    insert.add((t4 - t3) / 1e6);
                    ack.add(kafkaTimes[0]);
                    hop.add(kafkaTimes[1]);
                    floorSearch.add((t3 - t1) / 1e6);
                    // a turn: the question embedded, searched, stored, handed on
                    floorTurn.add((t5 - t1) / 1e6);
                }
            }
            // an import's floor: one embedding and one INSERT per message, one thread
            int ingestSample = Math.min(count, Math.max(this.samples, 100));
            long ingestStart = System.nanoTime();
            String[] previous = null;
            for (int i = 0; i < ingestSample; i++) {
                Map<String, Object> message = workload.messages().get(i);
                String text = (String) message.get("content");
                String speaker = (String) message.getOrDefault("speaker", message.get("role"));
                float[] vector = embedder.turn(previous, speaker, text);
                insert(db, upsert, ++sequence, text, vector);
                previous = new String[] { speaker, text };
            }
            floorIngest = ingestSample / ((System.nanoTime() - ingestStart) / 1e9);
            cleanUp(db);
        }

        // 3. through the gateway: searches first (the stack is idle), then turns
        List<Double> gatewaySearch = new ArrayList<>();
        for (int i = 0; i < this.warmup + this.samples; i++) {
            long t0 = System.nanoTime();
            this.api.post("/v1/conversations/" + conversation + "/memory:search",
                    Map.of("query", workload.questions().get(i % workload.questions().size()), "topK", 10));
            if (i >= this.warmup) {
                gatewaySearch.add((System.nanoTime() - t0) / 1e6);
            }
        }
        List<Double> gatewayTurn = new ArrayList<>();
        for (int i = 0; i < this.warmup + this.samples; i++) {
            String message = "Turn %d: let me tell you about %s, it went better than I expected.".formatted(i,
                    TOPICS[i % TOPICS.length]);
            long t0 = System.nanoTime();
            this.api.post("/v1/conversations/" + conversation + "/messages",
                    Map.of("role", "user", "content", message));
            if (i >= this.warmup) {
                gatewayTurn.add((System.nanoTime() - t0) / 1e6);
            }
        }
        if (!this.keep) {
            this.api.delete("/v1/conversations/" + conversation);
        }

        System.out.printf(Locale.ROOT,
                "%nfloor and ratio (%d cores; load before %s, after %s), model %s, %,d messages (%,d index rows), "
                        + "%d samples after %d warm-up%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, Machine.loadAverage(), embedder.name(), count,
                rows, this.samples, this.warmup);
        System.out.printf("%-34s %-26s %-26s %s%n", "", "floor p50 / p99", "through the gateway", "ratio p50");
        pair("chat turn", floorTurn, gatewayTurn);
        pair("memory:search, top 10", floorSearch, gatewaySearch);
        System.out.printf(Locale.ROOT, "%-34s %-26s %-26s %.1fx%n", "import until searchable",
                String.format(Locale.ROOT, "%.1f messages/s", floorIngest),
                String.format(Locale.ROOT, "%.1f messages/s", importRate), floorIngest / importRate);
        System.out.println("parts of the floor:");
        part("embed a turn (after the end of the one before)", embedTurn);
        part("embed a question", embedQuery);
        part("search statement (" + rows + " rows)", searchSql);
        part("INSERT (indexer's upsert)", insert);
        part("Kafka produce -> acknowledged", ack);
        part("Kafka produce -> consumed (hop)", hop);
        System.out.println("floor of a turn: question embedded + search statement + INSERT + one Kafka hop, "
                + "in sequence; of a search: embedding + statement; of an import: one embedding and one "
                + "INSERT per message, one thread");
    }

    private static void pair(String what, List<Double> floor, List<Double> gateway) {
        Percentiles f = new Percentiles(floor);
        Percentiles g = new Percentiles(gateway);
        System.out.printf(Locale.ROOT, "%-34s %-26s %-26s %.1fx%n", what,
                String.format(Locale.ROOT, "%.1f / %.1f ms", f.at(50), f.at(99)),
                String.format(Locale.ROOT, "%.1f / %.1f ms", g.at(50), g.at(99)), g.at(50) / f.at(50));
    }

    private static void part(String what, List<Double> millis) {
        Percentiles p = new Percentiles(millis);
        System.out.printf(Locale.ROOT, "  %-38s p50 %.2f ms, p99 %.2f ms%n", what, p.at(50), p.at(99));
    }

    private static void expectParameters(String name, String sql, int expected) {
        int found = CompiledStatements.parameters(sql);
        if (found != expected) {
            throw new IllegalStateException(name + " now takes " + found + " parameters, not " + expected
                    + ": the floor benchmark binds them by position and must follow the change");
        }
    }

    /**
     * The retrieval-service's search, bound as it binds it: no salience, no time range.
     */
    private static void search(Connection db, String sql, String tenant, String conversation, String question,
            float[] vector) throws SQLException {
        String words = orQuery(question);
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            int p = 1;
            statement.setString(p++, words);
            statement.setString(p++, words);
            statement.setObject(p++, vector(vector));
            statement.setString(p++, tenant);
            statement.setString(p++, conversation);
            statement.setLong(p++, Long.MAX_VALUE);
            statement.setArray(p++, db.createArrayOf("uuid", new Object[0]));
            statement.setArray(p++, db.createArrayOf("float8", new Object[0]));
            // dense weight, twice (retrieval-service application.yaml; weights do not
            // change the work)
            statement.setDouble(p++, 0.65);
            statement.setDouble(p++, 0.65);
            statement.setNull(p++, Types.TIMESTAMP);
            statement.setNull(p++, Types.TIMESTAMP);
            statement.setDouble(p++, 0.0);
            statement.setDouble(p++, 0.2);
            // no speaker named in the question (the boost then changes nothing)
            statement.setArray(p++, db.createArrayOf("text", new Object[0]));
            statement.setDouble(p++, 1.0);
            statement.setDouble(p++, 0.3);
            statement.setInt(p, 20);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
    }

    /** One turn of a conversation of the floor's own tenant, as the indexer writes it. */
    private static void insert(Connection db, String sql, long sequence, String text, float[] vector)
            throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            int p = 1;
            statement.setObject(p++, UUID.randomUUID());
            statement.setString(p++, TENANT);
            statement.setString(p++, "floor");
            statement.setObject(p++, CONVERSATION_UID);
            statement.setString(p++, "turn");
            statement.setString(p++, "user");
            statement.setString(p++, "user");
            statement.setString(p++, text);
            statement.setArray(p++, db.createArrayOf("text", new Object[] { "floor-" + sequence }));
            statement.setArray(p++, db.createArrayOf("uuid", new Object[0]));
            statement.setLong(p++, sequence);
            statement.setLong(p++, sequence);
            statement.setTimestamp(p++, Timestamp.from(Instant.now()));
            statement.setInt(p++, text.length() / 4);
            statement.setObject(p++, vector(vector));
            statement.setString(p++, "floor");
            statement.setArray(p++, db.createArrayOf("text", new Object[0]));
            statement.setArray(p++, db.createArrayOf("uuid", new Object[0]));
            // the watermark the upsert reads for in_graph
            statement.setObject(p, CONVERSATION_UID);
            statement.executeUpdate();
        }
    }

    private static void cleanUp(Connection db) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("DELETE FROM memory_chunks WHERE tenant_id = ?")) {
            statement.setString(1, TENANT);
            statement.executeUpdate();
        }
    }

    private static String tenantOf(Connection db, String conversation) throws SQLException {
        try (PreparedStatement statement = db
            .prepareStatement("SELECT tenant_id FROM memory_chunks WHERE conversation_id = ? LIMIT 1")) {
            statement.setString(1, conversation);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("No index rows of " + conversation + " in this database: "
                            + "--db-url must name the stack's database");
                }
                return rs.getString(1);
            }
        }
    }

    private static int rows(Connection db, String tenant, String conversation) throws SQLException {
        try (PreparedStatement statement = db
            .prepareStatement("SELECT count(*) FROM memory_chunks WHERE tenant_id = ? AND conversation_id = ?")) {
            statement.setString(1, tenant);
            statement.setString(2, conversation);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static PGobject vector(float[] vector) throws SQLException {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < vector.length; i++) {
            text.append(i == 0 ? "" : ",").append(vector[i]);
        }
        PGobject object = new PGobject();
        object.setType("vector");
        object.setValue(text.append(']').toString());
        return object;
    }

    /** The retrieval-service's OR query: the distinct words joined by {@code |}. */
    static String orQuery(String question) {
        Set<String> terms = new LinkedHashSet<>();
        for (String word : question.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{M}\\p{N}]+")) {
            if (!word.isEmpty() && word.length() <= 100 && terms.size() < 64) {
                terms.add(word);
            }
        }
        return String.join(" | ", terms);
    }

    private static List<String> userTexts(Workload workload) {
        List<String> texts = new ArrayList<>();
        for (Map<String, Object> message : workload.messages()) {
            texts.add((String) message.get("content"));
        }
        return texts;
    }

    static Workload synthetic(int turns) {
        NeedleProbe.Planted planted = NeedleProbe.plant(turns);
        return new Workload(planted.messages(), SearchBench.questions(planted));
    }

    /** The first conversation of a LoCoMo-format file, as eval-locomo imports it. */
    static Workload locomo(Path file) {
        LocomoDataset.Conversation conversation = LocomoDataset.read(file).conversations().get(0);
        List<Map<String, Object>> messages = new ArrayList<>();
        for (LocomoDataset.Session session : conversation.sessions()) {
            for (int i = 0; i < session.turns().size(); i++) {
                LocomoDataset.Turn turn = session.turns().get(i);
                Map<String, Object> message = new LinkedHashMap<>();
                message.put("role", turn.speaker().equals(conversation.speakerA()) ? "user" : "assistant");
                message.put("speaker", turn.speaker());
                message.put("content", turn.text());
                message.put("externalId", turn.diaId());
                message.put("createdAt", session.startedAt().plusSeconds(30L * i).toString());
                messages.add(message);
            }
        }
        List<String> questions = conversation.questions().stream().map(LocomoDataset.Question::question).toList();
        return new Workload(messages, questions);
    }

}
