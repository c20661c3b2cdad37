package dev.skein.retrieval.search;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.pgvector.PGvector;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.skein.contracts.internal.ScoreParts;
import dev.skein.retrieval.RetrievalProperties;
import dev.skein.retrieval.embedding.Embedder;
import dev.skein.retrieval.indexing.IndexWatermarks;
import dev.skein.retrieval.indexing.IndexWatermarks.IndexState;

/**
 * Hybrid search inside one conversation: a dense arm (cosine similarity of the
 * embeddings) and a lexical arm (BM25 over PostgreSQL full text, OR semantics), fused on
 * z-scores, boosted for salience and for a time the query names, then smoothed over
 * neighbouring turns. The one search behind both {@code memory:search} and the recall of
 * a turn.
 */
@Component
public class MemorySearch {

    /**
     * No upper bound on the sequence: every memory of the conversation is a candidate.
     */
    public static final long ALL_SEQUENCES = Long.MAX_VALUE;

    /**
     * Ranked results fetched beyond top-k, so that results dropped as covered by a better
     * window or summary can be replaced.
     */
    static final int EXTRA_RESULTS = 10;

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
            """ + Ranking.FUSED + """
            smoothed AS (
                SELECT memory_id, last_sequence, dense_part, lexical_part, time_part, salience_part, speaker_part,
                       score AS fused_score,
                       score + ? * greatest(0, lag(score) OVER neighbours, lead(score) OVER neighbours) AS score
                FROM fused
                WINDOW neighbours AS (PARTITION BY kind COLLATE "C" ORDER BY last_sequence)
            )
            SELECT memory_id, score, dense_part, lexical_part, time_part, salience_part, speaker_part, fused_score
            FROM smoothed ORDER BY score DESC, last_sequence DESC LIMIT ?
            """;

    /**
     * The search of a long conversation (over {@code exactScanMaxRows} chunks), where
     * reading every row costs more than the answer is worth (about 3 µs a row: 150,000
     * chunks of a 100,000-turn conversation are half a second). Candidates instead of all
     * rows: the dense top-N from the HNSW index (iterative scan, read before, parameter
     * 6) and every lexical match (GIN). The dense mean and deviation come from rows at
     * evenly spread sequences, N from the index's count; BM25 stays exact (every match is
     * a candidate). A neighbour counts only when it is adjacent (a turn or window apart),
     * since rows between candidates are missing.
     *
     * <p>
     * Parameters: 1-2 query words, 3 query vector, 4 dense candidate ids, 5-6 tenant and
     * conversation (matches), 7-9 tenant, conversation, before sequence, 10 query vector,
     * 11-12 tenant, conversation, 13 sampled sequences, 14 before sequence, 15 N, then as
     * {@link #SEARCH} from the salient ids on.
     */
    static final String SEARCH_CANDIDATES = """
            WITH query AS MATERIALIZED (
                SELECT to_tsquery('english', ?) AS q, tsvector_to_array(to_tsvector('english', ?)) AS lexemes
            ),
            conversation AS MATERIALIZED (
                SELECT memory_id, kind, speaker, last_sequence, created_at, 1 - (embedding <=> ?) AS similarity,
                       token_count::float8 AS length,
                       CASE WHEN numnode(query.q) > 0 AND tsv @@ query.q THEN tsv END AS matched
                FROM memory_chunks, query
                WHERE memory_id IN (
                        SELECT unnest(?::uuid[])
                        UNION
                        SELECT m.memory_id FROM memory_chunks m, query
                        WHERE m.tenant_id = ? AND m.conversation_id = ? AND numnode(query.q) > 0 AND m.tsv @@ query.q)
                  AND tenant_id = ? AND conversation_id = ? AND last_sequence < ?
            ),
            sample AS MATERIALIZED (
                SELECT 1 - (embedding <=> ?) AS similarity, token_count::float8 AS length
                FROM memory_chunks
                WHERE tenant_id = ? AND conversation_id = ? AND last_sequence = ANY(?) AND last_sequence < ?
            ),
            stats AS MATERIALIZED (
                SELECT greatest(?::float8, 1) AS n, greatest(avg(length), 1) AS average_length,
                       coalesce(avg(similarity), 0) AS dense_mean, coalesce(stddev_pop(similarity), 0) AS dense_std
                FROM sample
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
            )
            SELECT memory_id, score, dense_part, lexical_part, time_part, salience_part, speaker_part, fused_score
            FROM smoothed ORDER BY score DESC, last_sequence DESC LIMIT ?
            """;

    /**
     * The dense candidates of a long conversation: HNSW with an iterative scan, in a
     * transaction.
     */
    private static final String DENSE_CANDIDATES = """
            SELECT memory_id FROM memory_chunks
            WHERE tenant_id = ? AND conversation_id = ? AND last_sequence < ?
            ORDER BY embedding <=> ? LIMIT ?
            """;

    private static final String TURNS = """
            SELECT memory_id, kind, speaker, text, external_ids, message_ids, first_sequence, last_sequence,
                   created_at, token_count
            FROM memory_chunks
            WHERE tenant_id = ? AND conversation_id = ? AND last_sequence = ANY(?) AND kind = 'turn'
            """;

    private static final String DETAILS = """
            SELECT memory_id, kind, speaker, text, external_ids, message_ids, first_sequence, last_sequence,
                   created_at, token_count
            FROM memory_chunks
            WHERE tenant_id = ? AND conversation_id = ? AND memory_id = ANY(?)
            """;

    /**
     * For each older memory among the given ids, the newest turn (before the bound) that
     * supersedes it, then the same for those turns, {@value #UPDATE_CHAIN} steps deep (A
     * superseded by B, B by C), with each newer turn's details: one round trip for the
     * whole chain. The partial index on turns with {@code supersedes} keeps it off the
     * conversation's other rows. Parameters: tenant, conversation, before sequence and
     * the ids; tenant, conversation, before sequence and the depth; tenant, conversation.
     */
    private static final String UPDATES = """
            WITH RECURSIVE chain AS (
                SELECT * FROM (
                    SELECT DISTINCT ON (older) older, memory_id, 1 AS depth
                    FROM memory_chunks, unnest(supersedes) AS older
                    WHERE tenant_id = ? AND conversation_id = ? AND cardinality(supersedes) > 0 AND last_sequence < ?
                      AND supersedes && ?
                    ORDER BY older, last_sequence DESC
                ) first
                UNION ALL
                SELECT c.memory_id, n.memory_id, c.depth + 1
                FROM chain c CROSS JOIN LATERAL (
                    SELECT memory_id FROM memory_chunks
                    WHERE tenant_id = ? AND conversation_id = ? AND cardinality(supersedes) > 0 AND last_sequence < ?
                      AND supersedes @> ARRAY[c.memory_id]
                    ORDER BY last_sequence DESC LIMIT 1
                ) n
                WHERE c.depth < ?
            )
            SELECT DISTINCT ON (c.older) c.older, m.memory_id, m.kind, m.speaker, m.text, m.external_ids, m.message_ids,
                   m.first_sequence, m.last_sequence, m.created_at, m.token_count
            FROM chain c JOIN memory_chunks m ON m.memory_id = c.memory_id
            WHERE m.tenant_id = ? AND m.conversation_id = ?
            ORDER BY c.older, c.depth
            """;

    /** Rows sampled for the dense mean and deviation of a long conversation. */
    static final int SAMPLE = 300;

    /** How many updates of updates are followed (A superseded by B, B by C, ...). */
    static final int UPDATE_CHAIN = 3;

    private final Embedder embedder;

    private final JdbcTemplate jdbc;

    private final RetrievalProperties properties;

    private final IndexWatermarks watermarks;

    private final TransactionTemplate readOnly;

    private final ConversationSpeakers speakers;

    MemorySearch(Embedder embedder, JdbcTemplate jdbc, RetrievalProperties properties, IndexWatermarks watermarks,
            PlatformTransactionManager transactions, ConversationSpeakers speakers) {
        this.embedder = embedder;
        this.speakers = speakers;
        this.jdbc = jdbc;
        this.properties = properties;
        this.watermarks = watermarks;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * @return at most {@code topK} memories, best first
     */
    public List<SearchHit> search(SearchQuery query) {
        if (query.topK() < 1) {
            return List.of();
        }
        return search(query, embedQuery(query));
    }

    /**
     * The search with a given query vector (tests pin it to check the arithmetic
     * exactly).
     */
    List<SearchHit> search(SearchQuery query, float[] queryVector) {
        return explained(query, queryVector).stream().map(Explained::hit).toList();
    }

    /**
     * The search with each hit's score broken into the parts that were added up to it.
     */
    public List<Explained> explained(SearchQuery query) {
        if (query.topK() < 1) {
            return List.of();
        }
        return explained(query, embedQuery(query));
    }

    /**
     * The query's embedding, without the names of the conversation's speakers: the
     * speaker boost ranks a named speaker's own turns, while the name in the embedded
     * query pulls up the turns that address that speaker by name, which are the other
     * speaker's.
     */
    private float[] embedQuery(SearchQuery query) {
        return this.embedder.embedQuery(
                Speakers.withoutNames(query.text(), this.speakers.of(query.tenantId(), query.conversationId())));
    }

    List<Explained> explained(SearchQuery query, float[] queryVector) {
        if (query.topK() < 1) {
            return List.of();
        }
        String words = OrQuery.of(query.text()).orElse("");
        Optional<TimeRange> range = TimeExpressions.parse(query.text(), query.asOf());
        List<UUID> salientIds = new ArrayList<>(query.salience().keySet());
        Double[] saliences = salientIds.stream().map(query.salience()::get).toArray(Double[]::new);
        int limit = query.topK() + EXTRA_RESULTS;
        Object[] ranking = { new SqlArrayValue("uuid", salientIds.toArray()),
                new SqlArrayValue("float8", (Object[]) saliences), this.properties.denseWeight(),
                this.properties.denseWeight(), range.map(r -> Timestamp.from(r.start())).orElse(null),
                range.map(r -> Timestamp.from(r.end())).orElse(null),
                range.isPresent() ? this.properties.timeBoost() : 0.0, this.properties.salienceWeight(),
                new SqlArrayValue("text", Speakers.named(query.text()).toArray()), this.properties.speakerBoost(),
                this.properties.neighbourWeight(), limit };
        RowMapper<Scored> scored = (rs, row) -> new Scored(rs.getObject("memory_id", UUID.class), rs.getDouble("score"),
                rs.getDouble("dense_part"), rs.getDouble("lexical_part"), rs.getDouble("time_part"),
                rs.getDouble("salience_part"), rs.getDouble("speaker_part"), rs.getDouble("fused_score"));
        IndexState size = this.watermarks.state(query.tenantId(), query.conversationId());
        List<Scored> ranked = size.indexed() > this.properties.exactScanMaxRows()
                ? searchCandidates(query, words, queryVector, size, ranking, scored)
                : this.jdbc.query(SEARCH, scored, concat(new Object[] { words, words, new PGvector(queryVector),
                        query.tenantId(), query.conversationId(), query.beforeSequence() }, ranking));
        if (ranked.isEmpty()) {
            return List.of();
        }
        Map<UUID, SearchHit> details = details(query, ranked.stream().map(Scored::memoryId).toList());
        List<SearchHit> hits = new ArrayList<>(ranked.size());
        Map<UUID, Scored> parts = new HashMap<>();
        for (Scored candidate : ranked) {
            parts.put(candidate.memoryId(), candidate);
            SearchHit hit = details.get(candidate.memoryId());
            // Absent only when an erasure ran between the two statements.
            if (hit != null) {
                hits.add(hit.withScore(candidate.score()));
            }
        }
        return Excerpts.distinct(withUpdates(query, hits), query.topK(), sequences -> turns(query, sequences))
            .stream()
            .map(hit -> new Explained(hit, parts(hit, parts.get(hit.memoryId()))))
            .toList();
    }

    /**
     * The memories chosen for a prompt with touching turns, windows and excerpts merged
     * into one excerpt each ({@link Runs}).
     * @param chosen hits of a search with the same query, best first
     */
    public List<SearchHit> mergedRuns(SearchQuery query, List<SearchHit> chosen) {
        return Runs.merge(chosen, sequences -> turns(query, sequences));
    }

    /**
     * A hit's score parts: the SQL columns, the neighbour smoothing as the difference
     * between the smoothed and the fused score, and what a knowledge update added (a
     * superseding turn is raised to the score of the memory it supersedes) as the rest. A
     * hit ranked only because it supersedes another has no SQL parts: all of its score is
     * supersession.
     */
    private static ScoreParts parts(SearchHit hit, Scored scored) {
        if (scored == null) {
            return new ScoreParts(0, 0, 0, 0, 0, hit.score(), 0, hit.score());
        }
        return new ScoreParts(scored.dense(), scored.lexical(), scored.time(), scored.salience(), scored.speaker(),
                hit.score() - scored.score(), scored.score() - scored.fused(), hit.score());
    }

    /**
     * {@link #SEARCH_CANDIDATES}, after the dense candidates were read from the HNSW
     * index.
     */
    private List<Scored> searchCandidates(SearchQuery query, String words, float[] queryVector, IndexState size,
            Object[] ranking, RowMapper<Scored> scored) {
        PGvector vector = new PGvector(queryVector);
        return this.readOnly.execute(status -> {
            // pgvector 0.8: keep scanning the graph until enough rows pass the
            // conversation filter
            this.jdbc.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
            this.jdbc.execute("SET LOCAL hnsw.ef_search = " + this.properties.denseCandidates());
            // the planner would rather sort the whole conversation than trust the graph
            this.jdbc.execute("SET LOCAL enable_sort = off");
            List<UUID> dense = this.jdbc.queryForList(DENSE_CANDIDATES, UUID.class, query.tenantId(),
                    query.conversationId(), query.beforeSequence(), vector, this.properties.denseCandidates());
            this.jdbc.execute("SET LOCAL enable_sort = on");
            return this.jdbc.query(SEARCH_CANDIDATES, scored,
                    concat(new Object[] { words, words, vector, new SqlArrayValue("uuid", dense.toArray()),
                            query.tenantId(), query.conversationId(), query.tenantId(), query.conversationId(),
                            query.beforeSequence(), vector, query.tenantId(), query.conversationId(),
                            new SqlArrayValue("int8", sample(size.indexedThrough())), query.beforeSequence(),
                            (double) size.indexed() }, ranking));
        });
    }

    /**
     * At most {@value #SAMPLE} sequences spread evenly over the conversation, for its
     * dense statistics.
     */
    static Long[] sample(long lastSequence) {
        long step = Math.max(1, (lastSequence + SAMPLE - 1) / SAMPLE);
        List<Long> sequences = new ArrayList<>();
        for (long s = 1; s <= lastSequence; s += step) {
            sequences.add(s);
        }
        return sequences.toArray(Long[]::new);
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /**
     * The hits with the turns that supersede them ranked right above them (fetched when
     * not among them). A window or summary counts as superseded when one of its turns is
     * and it does not hold the update itself.
     */
    private List<SearchHit> withUpdates(SearchQuery query, List<SearchHit> hits) {
        Map<UUID, SearchHit> known = new HashMap<>();
        hits.forEach(hit -> known.put(hit.memoryId(), hit));
        Map<UUID, UUID> newerByTurn = new HashMap<>();
        Set<UUID> ask = new HashSet<>();
        hits.forEach(hit -> ask.addAll(turnsOf(hit)));
        if (!ask.isEmpty()) {
            this.jdbc.query(UPDATES, (ResultSet rs) -> {
                SearchHit newer = hit(rs);
                newerByTurn.put(rs.getObject("older", UUID.class), newer.memoryId());
                known.putIfAbsent(newer.memoryId(), newer);
            }, query.tenantId(), query.conversationId(), query.beforeSequence(),
                    new SqlArrayValue("uuid", ask.toArray()), query.tenantId(), query.conversationId(),
                    query.beforeSequence(), UPDATE_CHAIN, query.tenantId(), query.conversationId());
        }
        if (newerByTurn.isEmpty()) {
            return hits;
        }
        Map<UUID, UUID> newer = new HashMap<>();
        for (SearchHit hit : known.values()) {
            SearchHit newest = null;
            for (UUID turn : turnsOf(hit)) {
                SearchHit update = known.get(newerByTurn.get(turn));
                if (update != null && !turnsOf(hit).contains(update.memoryId())
                        && (newest == null || update.lastSequence() > newest.lastSequence())) {
                    newest = update;
                }
            }
            if (newest != null) {
                newer.put(hit.memoryId(), newest.memoryId());
            }
        }
        return KnowledgeUpdates.newerFirst(hits, newer, known);
    }

    /**
     * The turns a hit holds: a turn is its own (memory id = message id), a window or
     * summary its messages'.
     */
    private static Set<UUID> turnsOf(SearchHit hit) {
        Set<UUID> turns = new HashSet<>(hit.messageIds());
        if ("turn".equals(hit.kind())) {
            turns.add(hit.memoryId());
        }
        return turns;
    }

    private Map<UUID, SearchHit> details(SearchQuery query, List<UUID> memoryIds) {
        Map<UUID, SearchHit> details = new HashMap<>();
        if (memoryIds.isEmpty()) {
            return details;
        }
        this.jdbc.query(DETAILS, (ResultSet rs) -> {
            SearchHit hit = hit(rs);
            details.put(hit.memoryId(), hit);
        }, query.tenantId(), query.conversationId(), new SqlArrayValue("uuid", memoryIds.toArray()));
        return details;
    }

    /**
     * The indexed turns of the given sequences, by sequence (a turn's first and last
     * sequence are its own).
     */
    private Map<Long, SearchHit> turns(SearchQuery query, Collection<Long> sequences) {
        Map<Long, SearchHit> turns = new HashMap<>();
        this.jdbc.query(TURNS, (ResultSet rs) -> {
            SearchHit turn = hit(rs);
            turns.put(turn.firstSequence(), turn);
        }, query.tenantId(), query.conversationId(), new SqlArrayValue("int8", sequences.toArray()));
        return turns;
    }

    private static SearchHit hit(ResultSet rs) throws SQLException {
        return new SearchHit(rs.getObject("memory_id", UUID.class), rs.getString("kind"), rs.getString("speaker"),
                rs.getString("text"), 0, list(rs.getArray("external_ids"), String.class),
                list(rs.getArray("message_ids"), UUID.class), rs.getLong("first_sequence"), rs.getLong("last_sequence"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getInt("token_count"));
    }

    private static <T> List<T> list(Array array, Class<T> type) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(type::cast).toList();
    }

    /**
     * @param score after neighbour smoothing
     * @param fused before it: dense + lexical + time + salience + speaker
     */
    private record Scored(UUID memoryId, double score, double dense, double lexical, double time, double salience,
            double speaker, double fused) {
    }

    /** A hit and the parts its score was added up from. */
    public record Explained(SearchHit hit, ScoreParts parts) {
    }

}
