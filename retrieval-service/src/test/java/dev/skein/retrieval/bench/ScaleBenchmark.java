package dev.skein.retrieval.bench;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import com.pgvector.PGvector;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.skein.retrieval.indexing.IndexWatermarks.IndexState;
import dev.skein.retrieval.search.ConversationRanking;
import dev.skein.retrieval.search.ConversationRanking.Ranked;
import dev.skein.retrieval.search.ConversationRanking.Request;

/**
 * A command, not a test: fills one tenant with N synthetic memories across C
 * conversations (COPY, 384-dim unit vectors that drift slowly along each conversation, so
 * neighbours are related), then ranks inside one conversation as the service does
 * ({@link ConversationRanking}: the exact scan up to {@code -Dbench.exactScanMaxRows},
 * 5,000, candidates above) and reports p50/p99 of top 10, how much of the exact scan's
 * top 10 (and first hit) it shares, and the recall of its dense ranking against a
 * brute-force scan computed here. It reads the statements and the database directly,
 * which no public API reaches, so it stays a {@code main} here; the same search through
 * the gateway, at a conversation size of your choice, is
 * {@code skein-tools bench-search}.
 *
 * <pre>
 * ./mvnw -B -q -o -pl retrieval-service test-compile org.codehaus.mojo:exec-maven-plugin:3.6.4:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=dev.skein.retrieval.bench.ScaleBenchmark \
 *   -Dbench.memories=100000 -Dbench.conversations=1000
 * </pre>
 *
 * Writes into schema {@code retrieval_bench} of {@code skein_test} (dropped and
 * re-created; -Dbench.keep=true reuses a filled one). With
 * {@code -Dbench.texts=.../locomo-dev.json} the texts are that file's turns, 3-turn
 * windows and summaries, repeated (realistic word frequencies: a speaker's name in half
 * the rows), and the queries its questions. No HNSW index unless -Dbench.hnsw=true (it
 * serves conversations over {@code -Dbench.quantizedScanMaxRows}, 60,000 chunks, and
 * takes minutes to build for many rows).
 */
public final class ScaleBenchmark {

    private static final int DIMENSIONS = 384;

    private static final String TENANT = "bench";

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int memories = Integer.getInteger("bench.memories", 1_000_000);
        int conversations = Integer.getInteger("bench.conversations", 10_000);
        int queries = Integer.getInteger("bench.queries", 300);
        String url = System.getProperty("bench.url", "jdbc:postgresql://127.0.0.1:5432/skein_test");
        boolean keep = Boolean.getBoolean("bench.keep");
        try (Connection db = DriverManager.getConnection(url, "skein", "skein")) {
            if (!keep) {
                long t0 = System.nanoTime();
                create(db);
                fill(db, memories, conversations);
                long t1 = System.nanoTime();
                index(db);
                System.out.printf(Locale.ROOT,
                        "BENCH filled %,d memories in %,d conversations: COPY %.1f s, " + "indexes + ANALYZE %.1f s%n",
                        memories, conversations, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
            }
            try (Statement statement = db.createStatement()) {
                statement.execute("SET search_path = retrieval_bench, public");
            }
            measure(db, memories, conversations, queries);
        }
    }

    private static void create(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS retrieval_bench CASCADE");
            statement.execute("CREATE SCHEMA retrieval_bench");
            statement.execute("SET search_path = retrieval_bench, public");
            statement.execute(
                    """
                            CREATE TABLE memory_chunks (
                                memory_id uuid PRIMARY KEY, tenant_id text NOT NULL, conversation_id text NOT NULL,
                                conversation_uid uuid NOT NULL, kind text NOT NULL, role text, speaker text, text text NOT NULL,
                                external_ids text[] NOT NULL DEFAULT '{}', message_ids uuid[] NOT NULL DEFAULT '{}',
                                first_sequence bigint NOT NULL, last_sequence bigint NOT NULL, created_at timestamptz NOT NULL,
                                token_count integer NOT NULL, embedding vector(384) NOT NULL,
                                tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(speaker, '') || ' ' || text)) STORED,
                                indexed_at timestamptz NOT NULL DEFAULT now(), embedding_model text NOT NULL,
                                in_graph boolean NOT NULL DEFAULT true)
                            """);
            statement.execute("ALTER TABLE memory_chunks ALTER COLUMN embedding SET STORAGE PLAIN");
            statement.execute("ALTER TABLE memory_chunks ALTER COLUMN tsv SET STORAGE MAIN");
            statement.execute("ALTER TABLE memory_chunks ADD COLUMN embedding_bits bit(384) GENERATED ALWAYS AS "
                    + "(binary_quantize(embedding)::bit(384)) STORED");
        }
    }

    private static void index(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("SET search_path = retrieval_bench, public");
            statement.execute("SET maintenance_work_mem = '256MB'");
            statement.execute("CREATE INDEX ON memory_chunks (tenant_id, conversation_id, last_sequence) "
                    + "INCLUDE (memory_id, embedding_bits)");
            statement.execute("CREATE INDEX ON memory_chunks USING gin (tsv)");
            if (Boolean.getBoolean("bench.hnsw")) {
                // as the service's (V11); every conversation here is in the graph
                statement.execute("CREATE INDEX ON memory_chunks USING hnsw (embedding vector_cosine_ops) "
                        + "WITH (m = 16, ef_construction = 64) WHERE in_graph");
            }
            // the visibility map, for index-only scans (autovacuum would get there later)
            statement.execute("VACUUM ANALYZE memory_chunks");
        }
    }

    /**
     * Streams CSV rows into COPY, generated on the fly (a million rows never sit in
     * memory).
     */
    private static void fill(Connection db, int memories, int conversations) throws SQLException, IOException {
        Random random = new Random(7);
        String[] vocabulary = vocabulary(random, 5000);
        List<String[]> turns = turns();
        int perConversation = Math.max(1, memories / conversations);
        Reader rows = new Reader() {
            private final StringBuilder buffer = new StringBuilder();

            private int position;

            private int written;

            private float[] topic;

            @Override
            public int read(char[] target, int offset, int length) {
                while (this.position >= this.buffer.length()) {
                    if (this.written >= memories) {
                        return -1;
                    }
                    this.buffer.setLength(0);
                    this.position = 0;
                    row();
                }
                int n = Math.min(length, this.buffer.length() - this.position);
                this.buffer.getChars(this.position, this.position + n, target, offset);
                this.position += n;
                return n;
            }

            private void row() {
                int conversation = this.written / perConversation % conversations;
                long sequence = this.written % perConversation + 1L
                        + (long) (this.written / (perConversation * conversations)) * perConversation;
                if (sequence == 1 || this.topic == null) {
                    this.topic = randomUnit(random);
                }
                // The topic drifts along the conversation; each turn is the topic plus
                // its own noise.
                this.topic = normalize(add(this.topic, randomUnit(random), 0.35f));
                float[] vector = normalize(add(this.topic, randomUnit(random), 0.6f));
                String kind = "turn";
                String speaker = sequence % 2 == 0 ? "Ann" : "Bob";
                long first = sequence;
                StringBuilder text = new StringBuilder();
                if (turns.isEmpty()) {
                    int words = 8 + random.nextInt(16);
                    for (int w = 0; w < words; w++) {
                        // Zipf-like: low indexes are frequent words
                        int index = (int) Math.min(vocabulary.length - 1,
                                Math.floor(Math.pow(random.nextDouble(), 3) * vocabulary.length));
                        text.append(w == 0 ? "" : " ").append(vocabulary[index]);
                    }
                }
                else {
                    // Real chat text: two turns, then the window of the last three (every
                    // 40th a summary of eight turns), as the memory bank indexes them.
                    long row = sequence - 1;
                    long block = row / 3;
                    sequence = 2 * block + 1 + Math.min(row % 3, 1);
                    first = sequence;
                    if (row % 3 < 2) {
                        String[] turn = turn(turns, sequence);
                        speaker = turn[0];
                        text.append(turn[1]);
                    }
                    else {
                        kind = block % 40 == 39 ? "summary" : "window";
                        speaker = "";
                        first = Math.max(1, sequence - (kind.equals("summary") ? 7 : 2));
                        for (long t = first; t <= sequence; t++) {
                            String[] turn = turn(turns, t);
                            text.append(t == first ? "" : "\n").append(turn[0]).append(": ").append(turn[1]);
                        }
                    }
                }
                int words = text.toString().split("\\s+").length;
                StringBuilder b = this.buffer;
                b.append(UUID.randomUUID())
                    .append(',')
                    .append(TENANT)
                    .append(",c")
                    .append(conversation)
                    .append(',')
                    .append(new UUID(0, conversation))
                    .append(',')
                    .append(kind)
                    .append(",user,")
                    .append(speaker)
                    .append(",\"")
                    .append(text.toString().replace("\"", "\"\""))
                    .append("\",\"{D")
                    .append(sequence)
                    .append("}\",")
                    .append(first)
                    .append(',')
                    .append(sequence)
                    .append(",2024-01-01T00:00:00Z,")
                    .append(words)
                    .append(",\"[");
                for (int i = 0; i < vector.length; i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    b.append(Math.round(vector[i] * 100000) / 100000f);
                }
                b.append("]\",bench\n");
                this.written++;
            }

            @Override
            public void close() {
            }
        };
        PGConnection pg = db.unwrap(PGConnection.class);
        pg.getCopyAPI()
            .copyIn("COPY memory_chunks (memory_id, tenant_id, conversation_id, conversation_uid, kind, "
                    + "role, speaker, text, external_ids, first_sequence, last_sequence, created_at, token_count, "
                    + "embedding, embedding_model) FROM STDIN (FORMAT csv)", rows);
    }

    private static void measure(Connection db, int memories, int conversations, int queries) throws SQLException {
        Random random = new Random(11);
        List<String> questions = questions();
        double[] latency = new double[queries];
        double[] exactLatency = new double[queries];
        double recall = 0;
        int recallQueries = 0;
        double overlap = 0;
        int top1 = 0;
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(db, true));
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(jdbc.getDataSource());
        long exactMax = Long.getLong("bench.exactScanMaxRows", 5_000);
        long quantizedMax = Long.getLong("bench.quantizedScanMaxRows", 60_000);
        ConversationRanking ranking = new ConversationRanking(jdbc, transactions,
                settings(0.65, 0.1, exactMax, quantizedMax, 1.0));
        ConversationRanking denseOnly = new ConversationRanking(jdbc, transactions,
                settings(1.0, 0.0, exactMax, quantizedMax, 0.0));
        ConversationRanking exact = new ConversationRanking(jdbc, transactions,
                settings(0.65, 0.1, Long.MAX_VALUE, Long.MAX_VALUE, 1.0));
        List<UUID> cachedIds = new ArrayList<>();
        List<float[]> cachedVectors = new ArrayList<>();
        List<String> cachedTexts = new ArrayList<>();
        try (PreparedStatement scan = db.prepareStatement(
                "SELECT memory_id, text, embedding FROM memory_chunks WHERE tenant_id = ? AND conversation_id = ?")) {
            for (int q = -30; q < queries; q++) {
                String conversation = "c" + random.nextInt(conversations);
                // The query: a memory of the conversation, perturbed, and three of its
                // words (or a question of the texts' source, with -Dbench.texts).
                List<UUID> ids = new ArrayList<>();
                List<float[]> vectors = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                if (conversations == 1 && !cachedIds.isEmpty()) {
                    // one long conversation: read once (150,000 vectors take seconds)
                    ids = cachedIds;
                    vectors = cachedVectors;
                    texts = cachedTexts;
                }
                else {
                    scan.setString(1, TENANT);
                    scan.setString(2, conversation);
                    try (ResultSet rs = scan.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getObject(1, UUID.class));
                            texts.add(rs.getString(2));
                            vectors.add(new PGvector(rs.getString(3)).toArray());
                        }
                    }
                    if (conversations == 1) {
                        cachedIds.addAll(ids);
                        cachedVectors.addAll(vectors);
                        cachedTexts.addAll(texts);
                    }
                }
                if (ids.isEmpty()) {
                    continue;
                }
                int target = random.nextInt(ids.size());
                float[] query = normalize(add(vectors.get(target), randomUnit(random), 0.8f));
                String[] targetWords = texts.get(target).split(" ");
                String question = questions.isEmpty()
                        ? String.join(" ", Arrays.copyOf(targetWords, Math.min(3, targetWords.length)))
                        : questions.get(random.nextInt(questions.size()));
                IndexState size = new IndexState(ids.size(), jdbc.queryForObject(
                        "SELECT max(last_sequence) FROM memory_chunks WHERE tenant_id = ? AND conversation_id = ?",
                        Long.class, TENANT, conversation), true);
                Request request = request(conversation, question, query);

                long t0 = System.nanoTime();
                List<UUID> fused = ids(ranking.rank(request, size));
                double millis = (System.nanoTime() - t0) / 1e6;
                long t1 = System.nanoTime();
                List<UUID> reference = ids(exact.rank(request, size));
                double exactMillis = (System.nanoTime() - t1) / 1e6;
                if (q >= 0) {
                    latency[q] = millis;
                    exactLatency[q] = exactMillis;
                    Set<UUID> all = new HashSet<>(reference);
                    overlap += fused.stream().filter(all::contains).count() / (double) Math.max(1, reference.size());
                    top1 += !fused.isEmpty() && fused.get(0).equals(reference.get(0)) ? 1 : 0;
                }
                if (fused.size() != Math.min(10, ids.size())) {
                    throw new IllegalStateException("search returned " + fused.size() + " of " + ids.size());
                }
                if (q >= 0 && q < 100) {
                    // Dense only, no smoothing: the exact nearest neighbours, or close.
                    List<UUID> dense = ids(denseOnly.rank(request, size));
                    Set<UUID> brute = new HashSet<>(bruteForce(ids, vectors, query, 10));
                    recall += dense.stream().filter(brute::contains).count() / (double) brute.size();
                    recallQueries++;
                }
            }
        }
        Arrays.sort(latency);
        Arrays.sort(exactLatency);
        System.out.printf(Locale.ROOT, "BENCH %d cores; %,d memories, %,d conversations (~%,d per conversation)%n",
                Runtime.getRuntime().availableProcessors(), memories, conversations, memories / conversations);
        System.out.printf(Locale.ROOT,
                "BENCH search top 10 in one conversation (SQL only, %d queries, exact scan up to %,d rows): "
                        + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n",
                queries, exactMax, percentile(latency, 0.5), percentile(latency, 0.9), percentile(latency, 0.99));
        System.out.printf(Locale.ROOT,
                "BENCH the same with an exact scan: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms; "
                        + "top 10 shared with it %.4f, same first hit %.4f%n",
                percentile(exactLatency, 0.5), percentile(exactLatency, 0.9), percentile(exactLatency, 0.99),
                overlap / queries, top1 / (double) queries);
        System.out.printf(Locale.ROOT, "BENCH dense recall@10 against brute force (%d queries): %.4f%n", recallQueries,
                recall / recallQueries);
    }

    private static ConversationRanking.Settings settings(double denseWeight, double neighbourWeight, long exactMax,
            long quantizedMax, double speakerBoost) {
        return new ConversationRanking.Settings(denseWeight, neighbourWeight, 0.2, 0.5, speakerBoost, exactMax,
                quantizedMax, 100);
    }

    /** The question's words as MemorySearch passes them (OrQuery, Speakers.named). */
    private static Request request(String conversation, String question, float[] vector) {
        List<String> words = Arrays.stream(question.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
            .filter(w -> !w.isEmpty())
            .distinct()
            .toList();
        return new Request(TENANT, conversation, Long.MAX_VALUE, String.join(" | ", words), vector, Map.of(), null,
                null, words, 10);
    }

    private static List<UUID> ids(List<Ranked> ranked) {
        return ranked.stream().map(Ranked::memoryId).toList();
    }

    private static List<UUID> bruteForce(List<UUID> ids, List<float[]> vectors, float[] query, int k) {
        Integer[] order = new Integer[ids.size()];
        double[] similarity = new double[ids.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            float[] v = vectors.get(i);
            double dot = 0;
            double norm = 0;
            for (int d = 0; d < v.length; d++) {
                dot += v[d] * query[d];
                norm += v[d] * v[d];
            }
            similarity[i] = dot / Math.sqrt(norm);
        }
        Arrays.sort(order, (a, b) -> Double.compare(similarity[b], similarity[a]));
        List<UUID> top = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.length); i++) {
            top.add(ids.get(order[i]));
        }
        return top;
    }

    /**
     * The turns (speaker, text) of the conversations in -Dbench.texts (LoCoMo's JSON
     * format), or none.
     */
    private static List<String[]> turns() {
        List<String[]> turns = new ArrayList<>();
        JsonNode source = source();
        if (source != null) {
            for (JsonNode sample : source) {
                JsonNode conversation = sample.get("conversation");
                for (int session = 1; conversation.has("session_" + session); session++) {
                    for (JsonNode turn : conversation.get("session_" + session)) {
                        turns.add(new String[] { turn.get("speaker").asString(), turn.get("text").asString() });
                    }
                }
            }
        }
        return turns;
    }

    /** The questions of -Dbench.texts, or none. */
    private static List<String> questions() {
        List<String> questions = new ArrayList<>();
        JsonNode source = source();
        if (source != null) {
            for (JsonNode sample : source) {
                for (JsonNode qa : sample.get("qa")) {
                    questions.add(qa.get("question").asString());
                }
            }
        }
        return questions;
    }

    private static JsonNode source() {
        String path = System.getProperty("bench.texts");
        return path == null ? null : new ObjectMapper().readTree(new File(path));
    }

    /**
     * The text of turn {@code sequence}: the source's turns over and over, each round
     * shifted, so that a long conversation repeats its topics in other company.
     */
    private static String[] turn(List<String[]> turns, long sequence) {
        long round = (sequence - 1) / turns.size();
        return turns.get((int) ((sequence - 1 + 7 * round) % turns.size()));
    }

    private static String[] vocabulary(Random random, int size) {
        String letters = "abcdefghijklmnopqrstuvwxyz";
        String[] words = new String[size];
        for (int i = 0; i < size; i++) {
            StringBuilder word = new StringBuilder();
            int length = 4 + random.nextInt(6);
            for (int c = 0; c < length; c++) {
                word.append(letters.charAt(random.nextInt(letters.length())));
            }
            words[i] = word.toString();
        }
        return words;
    }

    private static float[] randomUnit(Random random) {
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return normalize(v);
    }

    private static float[] add(float[] a, float[] b, float weight) {
        float[] sum = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + weight * b[i];
        }
        return sum;
    }

    private static float[] normalize(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = v[i] * inverse;
        }
        return unit;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

}
