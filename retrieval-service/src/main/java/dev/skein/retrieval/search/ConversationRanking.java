package dev.skein.retrieval.search;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.pgvector.PGvector;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.skein.retrieval.indexing.IndexWatermarks.IndexState;

/**
 * The ranking statements of one conversation: an exact scan of every row up to
 * {@code exactScanMaxRows} chunks, candidates above (see {@link #SEARCH_CANDIDATES}).
 * Public so that the scale benchmark measures exactly what {@link MemorySearch} runs.
 */
public final class ConversationRanking {

    /**
     * Sampled rows in which a query lexeme may occur at most this often to count as rare:
     * all of its matches become candidates and its document frequency is counted. A
     * lexeme found in more sampled rows (about 1% of the conversation and up, a speaker's
     * name, "like", "time") has its frequency estimated from the sample.
     */
    static final int RARE_SAMPLE_HITS = 3;

    /**
     * Rows whose sign bits are closest, per dense candidate, re-ranked by their exact
     * cosine (recall of the exact top 10 measured 0.98-1.0 at 5, see docs/decisions.md).
     */
    static final int RERANK_FACTOR = 5;

    /**
     * The conversation's rows are selected first (B-tree on tenant, conversation,
     * sequence) and scored in one pass into a materialized set: an exact scan, faster
     * than the HNSW index with a filter inside one conversation (about 2 ms at 1,000
     * turns against 23-62 ms) and without its lost rows; the MATERIALIZED fence keeps the
     * planner from choosing the HNSW plan anyway.
     *
     * <p>
     * Lexical arm: Okapi BM25 (k1 = 1.2, b = 0.75) over PostgreSQL's english lexemes.
     * Every matching row of the conversation is a posting (the candidate set is not
     * limited), so the document frequencies, N and the average length are exact for the
     * conversation. The query's lexemes of a matching row are cut out of its tsvector
     * with setweight + ts_filter (two C calls per row). The arithmetic is float8 (numeric
     * logarithms are slow).
     *
     * <p>
     * Fusion: each arm becomes a z-score over all the conversation's rows (a row without
     * a match has BM25 0, so the lexical mean and deviation come from the sums over the
     * postings), weighted {@code denseWeight} : 1 - denseWeight. Ranks (RRF) throw away
     * how far ahead the best match is; z-scores keep it (LoCoMo dev, bge: R@10 63.5% with
     * RRF, 68.4% with z-scores). Salience and a named time add small boosts. Then every
     * row gets {@code neighbourWeight} times the better positive score of the rows just
     * before and after it of the same kind: the answer to a question is often spread over
     * two adjacent turns (R@10 74.7% → 77.0%).
     *
     * <p>
     * Parameters: 1-2 query words, 3 query vector, 4-6 tenant, conversation, before
     * sequence, 7-8 salient ids and saliences, 9-10 dense weight, 11-12 time range, 13
     * time boost, 14 salience weight, 15-16 the query's words and the speaker boost, 17
     * neighbour weight, 18 limit.
     */
    public static final String SEARCH = """
            WITH query AS MATERIALIZED (
                SELECT to_tsquery('english', ?) AS q, tsvector_to_array(to_tsvector('english', ?)) AS lexemes
            ),
            conversation AS MATERIALIZED (
                SELECT memory_id, kind, speaker, last_sequence, created_at, 1 - (embedding <=> ?) AS similarity,
                       token_count::float8 AS length,
                       CASE WHEN numnode(query.q) > 0 AND tsv @@ query.q THEN tsv END AS matched
                FROM memory_chunks, query
                WHERE tenant_id = ? AND conversation_id = ? AND last_sequence < ?
            ),
            stats AS MATERIALIZED (
                SELECT greatest(count(*), 1)::float8 AS n, greatest(avg(length), 1) AS average_length,
                       coalesce(avg(similarity), 0) AS dense_mean, coalesce(stddev_pop(similarity), 0) AS dense_std
                FROM conversation
            ),
            """ + Ranking.BM25 + Ranking.FUSED + """
            smoothed AS (
                SELECT memory_id, last_sequence, dense_part, lexical_part, time_part, salience_part, speaker_part,
                       score AS fused_score,
                       score + ? * greatest(0, lag(score) OVER neighbours, lead(score) OVER neighbours) AS score
                FROM fused
                WINDOW neighbours AS (PARTITION BY kind COLLATE "C" ORDER BY last_sequence)
            ),
            """ + Ranking.TOP;

    /** The part of both candidate statements after the dense candidates. */
    private static final String CANDIDATES_RANKED = """
            sample AS MATERIALIZED (
                SELECT memory_id, 1 - (embedding <=> ?) AS similarity, token_count::float8 AS length,
                       CASE WHEN numnode(query.q) > 0 AND tsv @@ query.q THEN tsv END AS matched
                FROM memory_chunks, query
                WHERE tenant_id = ? AND conversation_id = ? AND last_sequence = ANY(?) AND last_sequence < ?
            ),
            sample_postings AS MATERIALIZED (
                SELECT s.memory_id, s.length, p.lexeme, coalesce(array_length(p.positions, 1), 1)::float8 AS tf
                FROM sample s, query, unnest(ts_filter(setweight(s.matched, 'A', query.lexemes), '{a}')) AS p
                WHERE s.matched IS NOT NULL
            ),
            sampled AS MATERIALIZED (
                SELECT l.lexeme, count(sp.memory_id)::float8 AS hits
                FROM query CROSS JOIN unnest(query.lexemes) AS l(lexeme)
                     LEFT JOIN sample_postings sp ON sp.lexeme = l.lexeme
                GROUP BY l.lexeme
            ),
            rare AS MATERIALIZED (
                SELECT coalesce(array_agg(lexeme), '{}') AS lexemes,
                       string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''', ' | ')::tsquery
                           AS q
                FROM sampled WHERE hits < ?
            ),
            candidates AS MATERIALIZED (
                SELECT memory_id FROM dense
                UNION
                SELECT unnest(?::uuid[])
                UNION
                SELECT m.memory_id FROM memory_chunks m
                WHERE m.tenant_id = ? AND m.conversation_id = ? AND m.last_sequence < ?
                  AND m.tsv @@ (SELECT q FROM rare)
            ),
            conversation AS MATERIALIZED (
                SELECT memory_id, kind, speaker, last_sequence, created_at, 1 - (embedding <=> ?) AS similarity,
                       token_count::float8 AS length,
                       CASE WHEN numnode(query.q) > 0 AND tsv @@ query.q THEN tsv END AS matched
                FROM memory_chunks, query
                WHERE memory_id IN (SELECT memory_id FROM candidates)
                  AND tenant_id = ? AND conversation_id = ? AND last_sequence < ?
            ),
            stats AS MATERIALIZED (
                SELECT greatest(?::float8, 1) AS n, greatest(avg(length), 1) AS average_length,
                       coalesce(avg(similarity), 0) AS dense_mean, coalesce(stddev_pop(similarity), 0) AS dense_std,
                       count(*)::float8 AS sampled
                FROM sample
            ),
            """ + Ranking.POSTINGS + """
            df AS MATERIALIZED (
                SELECT sa.lexeme,
                       CASE WHEN sa.lexeme = ANY(r.lexemes) THEN coalesce(counted.df, 0)
                            ELSE least(s.n, sa.hits * s.n / greatest(s.sampled, 1)) END AS df
                FROM sampled sa CROSS JOIN rare r CROSS JOIN stats s
                     LEFT JOIN (SELECT lexeme, count(*)::float8 AS df FROM postings GROUP BY lexeme) counted
                         ON counted.lexeme = sa.lexeme
            ),
            lexical AS MATERIALIZED (
                SELECT p.memory_id, bool_or(p.lexeme = ANY(r.lexemes)) AS rare,
                       sum(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))
                           * p.tf * 2.2 / (p.tf + 1.2 * (0.25 + 0.75 * p.length / s.average_length))) AS score
                FROM postings p JOIN df USING (lexeme) CROSS JOIN stats s CROSS JOIN rare r
                GROUP BY p.memory_id
            ),
            sample_lexical AS MATERIALIZED (
                SELECT p.memory_id, bool_or(p.lexeme = ANY(r.lexemes)) AS rare,
                       sum(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))
                           * p.tf * 2.2 / (p.tf + 1.2 * (0.25 + 0.75 * p.length / s.average_length))) AS score
                FROM sample_postings p JOIN df USING (lexeme) CROSS JOIN stats s CROSS JOIN rare r
                GROUP BY p.memory_id
            ),
            lexical_sums AS MATERIALIZED (
                SELECT s.n,
                       e.total + o.mean * greatest(s.n - e.rows, 0) AS total,
                       e.squares + o.mean_square * greatest(s.n - e.rows, 0) AS squares
                FROM stats s,
                     (SELECT coalesce(sum(score), 0) AS total, coalesce(sum(score * score), 0) AS squares,
                             count(*) AS rows
                      FROM lexical WHERE rare) e,
                     (SELECT coalesce(sum(score) FILTER (WHERE NOT rare), 0)
                                 / greatest(max(st.sampled) - count(*) FILTER (WHERE rare), 1) AS mean,
                             coalesce(sum(score * score) FILTER (WHERE NOT rare), 0)
                                 / greatest(max(st.sampled) - count(*) FILTER (WHERE rare), 1) AS mean_square
                      FROM stats st LEFT JOIN sample_lexical ON true) o
            ),
            lexical_stats AS MATERIALIZED (
                SELECT total / n AS mean, sqrt(greatest(squares / n - power(total / n, 2), 0)) AS std
                FROM lexical_sums
            ),
            """ + Ranking.FUSED + """
            smoothed AS (
                SELECT memory_id, last_sequence, dense_part, lexical_part, time_part, salience_part, speaker_part,
                       score AS fused_score,
                       score + ? * greatest(0,
                           CASE WHEN last_sequence - lag(last_sequence) OVER neighbours <= 2
                                THEN lag(score) OVER neighbours END,
                           CASE WHEN lead(last_sequence) OVER neighbours - last_sequence <= 2
                                THEN lead(score) OVER neighbours END) AS score
                FROM fused
                WINDOW neighbours AS (PARTITION BY kind COLLATE "C" ORDER BY last_sequence)
            ),
            """ + Ranking.TOP;

    /**
     * The search of a long conversation (over {@code exactScanMaxRows} chunks), where
     * reading every row costs more than a search may take (about 7 µs a row: 15,000
     * chunks of a 10,000-turn conversation are 100 ms). It reads candidates and a sample
     * instead of all rows, and ranks the candidates with the same fusion:
     * <ul>
     * <li>dense candidates: the exact top-N by cosine, from the {@value #RERANK_FACTOR}
     * times as many rows whose sign bits (V8, pgvector's {@code binary_quantize}, 48
     * bytes) are closest in Hamming distance, scanned in the conversation's B-tree alone
     * (an index-only scan instead of 2 kB rows), and re-ranked by their exact
     * cosine;</li>
     * <li>lexical candidates: every row that holds a rare query lexeme (GIN), a lexeme
     * found in fewer than {@value #RARE_SAMPLE_HITS} sampled rows; a common lexeme (a
     * speaker's name can be in half of all rows) brings no candidates of its own, its
     * matches weigh little in BM25 and the strong ones are dense candidates too;</li>
     * <li>the salient memories.</li>
     * </ul>
     * The sample, rows at evenly spread sequences, gives the dense mean and deviation,
     * the average length and the document frequency of a common lexeme (its share of the
     * sample times N, N from the index's count). A rare lexeme's document frequency is
     * exact (all its matches are candidates). The lexical mean and deviation add the
     * exact scores of the rows with a rare lexeme to the sample's average for the other
     * rows. So BM25 is exact for a query of rare words only, and approximate (estimated
     * frequencies of its common words) otherwise. A neighbour counts only when it is
     * adjacent (a turn or window apart), since rows between candidates are missing.
     *
     * <p>
     * The query's bits are a sub-select, computed once: in a generic plan (a statement
     * executed more than five times) a function of a parameter is evaluated for every
     * row, which tripled the scan.
     *
     * <p>
     * Parameters: 1-2 query words, 3-5 tenant, conversation, before sequence, 6 query
     * vector, 7 rows re-ranked, 8 query vector, 9 dense candidates, 10 query vector,
     * 11-12 tenant and conversation, 13 sampled sequences, 14 before sequence, 15 rare
     * sample hits, 16 salient ids, 17-19 tenant, conversation, before sequence, 20 query
     * vector, 21-23 tenant, conversation, before sequence, 24 N, then as {@link #SEARCH}
     * from the salient ids on.
     */
    static final String SEARCH_QUANTIZED = """
            WITH query AS MATERIALIZED (
                SELECT to_tsquery('english', ?) AS q, tsvector_to_array(to_tsvector('english', ?)) AS lexemes
            ),
            dense AS MATERIALIZED (
                SELECT memory_id FROM memory_chunks
                WHERE memory_id IN (
                    SELECT memory_id FROM memory_chunks
                    WHERE tenant_id = ? AND conversation_id = ? AND last_sequence < ?
                    ORDER BY embedding_bits <~> (SELECT binary_quantize(?)::bit(384)) LIMIT ?)
                ORDER BY embedding <=> ? LIMIT ?
            ),
            """ + CANDIDATES_RANKED;

    /**
     * {@link #SEARCH_QUANTIZED} with the dense candidates given (parameter 3), read
     * before from the HNSW index; parameters then as there from the query vector (4) on.
     */
    static final String SEARCH_CANDIDATES = """
            WITH query AS MATERIALIZED (
                SELECT to_tsquery('english', ?) AS q, tsvector_to_array(to_tsvector('english', ?)) AS lexemes
            ),
            dense AS MATERIALIZED (
                SELECT unnest(?::uuid[]) AS memory_id
            ),
            """ + CANDIDATES_RANKED;

    /**
     * The dense candidates of a very long conversation: HNSW with an iterative scan, in a
     * transaction. {@code in_graph} names the partial index's predicate, so the planner
     * can use it; it holds for every chunk of a conversation whose state says so. Public
     * for the test of that plan.
     */
    public static final String DENSE_HNSW = """
            SELECT memory_id FROM memory_chunks
            WHERE in_graph AND tenant_id = ? AND conversation_id = ? AND last_sequence < ?
            ORDER BY embedding <=> ? LIMIT ?
            """;

    /** Rows sampled for the statistics of a long conversation. */
    static final int SAMPLE = 300;

    private static final RowMapper<Ranked> RANKED = (rs, row) -> new Ranked(MemorySearch.hit(rs), rs.getDouble("score"),
            rs.getDouble("dense_part"), rs.getDouble("lexical_part"), rs.getDouble("time_part"),
            rs.getDouble("salience_part"), rs.getDouble("speaker_part"), rs.getDouble("fused_score"));

    private final JdbcTemplate jdbc;

    private final TransactionTemplate readOnly;

    private final Settings settings;

    public ConversationRanking(JdbcTemplate jdbc, PlatformTransactionManager transactions, Settings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * @param size the conversation's count of chunks and the sequence its index reached
     * @return at most {@code request.limit()} memories, best first
     */
    public List<Ranked> rank(Request request, IndexState size) {
        List<UUID> salientIds = new ArrayList<>(request.salience().keySet());
        Object[] saliences = salientIds.stream().map(request.salience()::get).toArray();
        Object[] ranking = { new SqlArrayValue("uuid", salientIds.toArray()), new SqlArrayValue("float8", saliences),
                this.settings.denseWeight(), this.settings.denseWeight(), request.timeStart(), request.timeEnd(),
                request.timeStart() != null ? this.settings.timeBoost() : 0.0, this.settings.salienceWeight(),
                new SqlArrayValue("text", request.speakers().toArray()), this.settings.speakerBoost(),
                this.settings.neighbourWeight(), request.limit() };
        PGvector vector = new PGvector(request.vector());
        if (size.indexed() <= this.settings.exactScanMaxRows()) {
            return this.jdbc.query(SEARCH, RANKED, concat(new Object[] { request.words(), request.words(), vector,
                    request.tenantId(), request.conversationId(), request.beforeSequence() }, ranking));
        }
        Object[] tail = { vector, request.tenantId(), request.conversationId(),
                new SqlArrayValue("int8", sample(size.indexedThrough())), request.beforeSequence(), RARE_SAMPLE_HITS,
                new SqlArrayValue("uuid", salientIds.toArray()), request.tenantId(), request.conversationId(),
                request.beforeSequence(), vector, request.tenantId(), request.conversationId(),
                request.beforeSequence(), (double) size.indexed() };
        int n = this.settings.denseCandidates();
        // until all its chunks are in the graph (LongConversationGraph), a long
        // conversation's sign bits serve it: slower, never lossy
        if (size.indexed() <= this.settings.quantizedScanMaxRows() || !size.inGraph()) {
            return this.jdbc.query(SEARCH_QUANTIZED, RANKED,
                    concat(concat(new Object[] { request.words(), request.words(), request.tenantId(),
                            request.conversationId(), request.beforeSequence(), vector, n * RERANK_FACTOR, vector, n },
                            tail), ranking));
        }
        return this.readOnly.execute(status -> {
            // pgvector 0.8: keep scanning the graph until enough rows pass the
            // conversation filter
            this.jdbc.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
            this.jdbc.execute("SET LOCAL hnsw.ef_search = " + n);
            // the planner would rather sort the whole conversation than trust the graph
            this.jdbc.execute("SET LOCAL enable_sort = off");
            List<UUID> dense = this.jdbc.queryForList(DENSE_HNSW, UUID.class, request.tenantId(),
                    request.conversationId(), request.beforeSequence(), vector, n);
            this.jdbc.execute("SET LOCAL enable_sort = on");
            return this.jdbc.query(SEARCH_CANDIDATES, RANKED, concat(concat(
                    new Object[] { request.words(), request.words(), new SqlArrayValue("uuid", dense.toArray()) },
                    tail), ranking));
        });
    }

    /**
     * At most {@value #SAMPLE} sequences spread over the conversation, for its
     * statistics: one in each stride, at an offset that varies from stride to stride (a
     * fixed step would alias with the conversation's own periods: with an even step and
     * two speakers taking turns, one speaker's turns would never be sampled). The same
     * for the same length, so a search repeats its ranking.
     */
    static Long[] sample(long lastSequence) {
        long step = Math.max(1, (lastSequence + SAMPLE - 1) / SAMPLE);
        Random offsets = new Random(lastSequence);
        List<Long> sequences = new ArrayList<>();
        for (long start = 1; start <= lastSequence; start += step) {
            sequences.add(Math.min(lastSequence, start + (step > 1 ? offsets.nextLong(step) : 0)));
        }
        return sequences.toArray(Long[]::new);
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /**
     * The weights of the fusion and where the candidate paths start.
     *
     * @param exactScanMaxRows a conversation with more chunks is ranked through
     * candidates
     * @param quantizedScanMaxRows up to this many chunks the dense candidates come from
     * the sign bits, above from the HNSW index once the conversation is in it
     * @param denseCandidates dense candidates of a long conversation
     */
    public record Settings(double denseWeight, double neighbourWeight, double salienceWeight, double timeBoost,
            double speakerBoost, long exactScanMaxRows, long quantizedScanMaxRows, int denseCandidates) {
    }

    /**
     * One ranking.
     *
     * @param words the query's words as {@code to_tsquery} input ({@link OrQuery}), empty
     * for none
     * @param salience salience by memory id
     * @param timeStart start of the time the query names, or null
     * @param timeEnd its end (exclusive), or null
     * @param speakers the query's words that may name a speaker ({@link Speakers#named})
     */
    public record Request(String tenantId, String conversationId, long beforeSequence, String words, float[] vector,
            Map<UUID, Double> salience, Timestamp timeStart, Timestamp timeEnd, Collection<String> speakers,
            int limit) {
    }

    /**
     * @param score after neighbour smoothing
     * @param fused before it: dense + lexical + time + salience + speaker
     * @param hit the row as a search shows it (its score 0: the score is above)
     */
    public record Ranked(SearchHit hit, double score, double dense, double lexical, double time, double salience,
            double speaker, double fused) {

        public UUID memoryId() {
            return this.hit.memoryId();
        }

    }

}
