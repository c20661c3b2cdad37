package dev.skein.retrieval.bench;

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
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import com.pgvector.PGvector;
import org.postgresql.PGConnection;

import dev.skein.retrieval.search.MemorySearch;

/**
 * A command, not a test: fills one tenant with N synthetic memories across C
 * conversations (COPY, 384-dim unit vectors that drift slowly along each conversation, so
 * neighbours are related), then measures the real search statement inside one
 * conversation (p50/p99 of top 10) and the recall of its dense ranking against a
 * brute-force scan computed here. It reads the search statement and the database
 * directly, which no public API reaches, so it stays a {@code main} here; the same search
 * through the gateway, at a conversation size of your choice, is
 * {@code skein-tools bench-search}.
 *
 * <pre>
 * ./mvnw -B -q -o -pl retrieval-service test-compile org.codehaus.mojo:exec-maven-plugin:3.6.4:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=dev.skein.retrieval.bench.ScaleBenchmark \
 *   -Dbench.memories=100000 -Dbench.conversations=1000
 * </pre>
 *
 * Writes into schema {@code retrieval_bench} of {@code skein_test} (dropped and
 * re-created; -Dbench.keep=true reuses a filled one). No HNSW index: searches inside one
 * conversation never use it, and building it for a million rows takes far longer than the
 * rest.
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
                                indexed_at timestamptz NOT NULL DEFAULT now(), embedding_model text NOT NULL)
                            """);
            statement.execute("ALTER TABLE memory_chunks ALTER COLUMN embedding SET STORAGE PLAIN");
        }
    }

    private static void index(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("SET search_path = retrieval_bench, public");
            statement.execute("SET maintenance_work_mem = '256MB'");
            statement.execute("CREATE INDEX ON memory_chunks (tenant_id, conversation_id, last_sequence)");
            statement.execute("CREATE INDEX ON memory_chunks USING gin (tsv)");
            statement.execute("ANALYZE memory_chunks");
        }
    }

    /**
     * Streams CSV rows into COPY, generated on the fly (a million rows never sit in
     * memory).
     */
    private static void fill(Connection db, int memories, int conversations) throws SQLException, IOException {
        Random random = new Random(7);
        String[] vocabulary = vocabulary(random, 5000);
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
                StringBuilder text = new StringBuilder();
                int words = 8 + random.nextInt(16);
                for (int w = 0; w < words; w++) {
                    // Zipf-like: low indexes are frequent words
                    int index = (int) Math.min(vocabulary.length - 1,
                            Math.floor(Math.pow(random.nextDouble(), 3) * vocabulary.length));
                    text.append(w == 0 ? "" : " ").append(vocabulary[index]);
                }
                StringBuilder b = this.buffer;
                b.append(UUID.randomUUID())
                    .append(',')
                    .append(TENANT)
                    .append(",c")
                    .append(conversation)
                    .append(',')
                    .append(new UUID(0, conversation))
                    .append(",turn,user,")
                    .append(sequence % 2 == 0 ? "Ann" : "Bob")
                    .append(',')
                    .append(text)
                    .append(",\"{D")
                    .append(sequence)
                    .append("}\",")
                    .append(sequence)
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
        double[] latency = new double[queries];
        double recall = 0;
        int recallQueries = 0;
        try (PreparedStatement search = db.prepareStatement(MemorySearch.SEARCH);
                PreparedStatement scan = db.prepareStatement(
                        "SELECT memory_id, text, embedding FROM memory_chunks WHERE tenant_id = ? AND conversation_id = ?")) {
            for (int q = -30; q < queries; q++) {
                String conversation = "c" + random.nextInt(conversations);
                // The query: a memory of the conversation, perturbed, and three of its
                // words.
                scan.setString(1, TENANT);
                scan.setString(2, conversation);
                List<UUID> ids = new ArrayList<>();
                List<float[]> vectors = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                try (ResultSet rs = scan.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                        texts.add(rs.getString(2));
                        vectors.add(new PGvector(rs.getString(3)).toArray());
                    }
                }
                if (ids.isEmpty()) {
                    continue;
                }
                int target = random.nextInt(ids.size());
                float[] query = normalize(add(vectors.get(target), randomUnit(random), 0.8f));
                String[] words = texts.get(target).split(" ");
                String or = String.join(" | ", Arrays.copyOf(words, Math.min(3, words.length)));

                long t0 = System.nanoTime();
                List<UUID> fused = run(search, or, query, conversation, 0.65, 0.3);
                double millis = (System.nanoTime() - t0) / 1e6;
                if (q >= 0) {
                    latency[q] = millis;
                }
                if (fused.size() != Math.min(10, ids.size())) {
                    throw new IllegalStateException("search returned " + fused.size() + " of " + ids.size());
                }
                if (q >= 0 && q < 100) {
                    // Dense only, no smoothing: must equal the exact nearest neighbours.
                    List<UUID> dense = run(search, or, query, conversation, 1.0, 0.0);
                    Set<UUID> exact = new HashSet<>(bruteForce(ids, vectors, query, 10));
                    recall += dense.stream().filter(exact::contains).count() / (double) exact.size();
                    recallQueries++;
                }
            }
        }
        Arrays.sort(latency);
        System.out.printf(Locale.ROOT, "BENCH %d cores; %,d memories, %,d conversations (~%,d per conversation)%n",
                Runtime.getRuntime().availableProcessors(), memories, conversations, memories / conversations);
        System.out.printf(Locale.ROOT,
                "BENCH search top 10 in one conversation (SQL only, %d queries): p50 %.2f ms, "
                        + "p90 %.2f ms, p99 %.2f ms%n",
                queries, percentile(latency, 0.5), percentile(latency, 0.9), percentile(latency, 0.99));
        System.out.printf(Locale.ROOT, "BENCH dense recall@10 against brute force (%d queries): %.4f%n", recallQueries,
                recall / recallQueries);
    }

    private static List<UUID> run(PreparedStatement search, String words, float[] query, String conversation,
            double denseWeight, double neighbourWeight) throws SQLException {
        Connection db = search.getConnection();
        int i = 1;
        search.setString(i++, words);
        search.setString(i++, words);
        search.setObject(i++, new PGvector(query));
        search.setString(i++, TENANT);
        search.setString(i++, conversation);
        search.setLong(i++, Long.MAX_VALUE);
        search.setArray(i++, db.createArrayOf("uuid", new Object[0]));
        search.setArray(i++, db.createArrayOf("float8", new Object[0]));
        search.setDouble(i++, denseWeight);
        search.setDouble(i++, denseWeight);
        search.setObject(i++, null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        search.setObject(i++, null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        search.setDouble(i++, 0);
        search.setDouble(i++, 0.2);
        search.setDouble(i++, neighbourWeight);
        search.setInt(i, 10);
        List<UUID> ids = new ArrayList<>();
        try (ResultSet rs = search.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getObject("memory_id", UUID.class));
            }
        }
        return ids;
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
