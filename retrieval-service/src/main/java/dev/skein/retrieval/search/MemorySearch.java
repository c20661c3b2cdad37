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

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import dev.skein.contracts.internal.ScoreParts;
import dev.skein.retrieval.RetrievalProperties;
import dev.skein.retrieval.indexing.IndexWatermarks;
import dev.skein.retrieval.indexing.IndexWatermarks.IndexState;
import dev.skein.retrieval.search.ConversationRanking.Ranked;

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
     * The exact-scan statement ({@link ConversationRanking#SEARCH}), also here because
     * the floor benchmark of the tools reads it from this class file.
     */
    public static final String SEARCH = ConversationRanking.SEARCH;

    /**
     * Ranked results fetched beyond top-k, so that results dropped as covered by a better
     * window or summary can be replaced.
     */
    static final int EXTRA_RESULTS = 10;

    private static final String TURNS = """
            SELECT memory_id, kind, speaker, text, external_ids, message_ids, first_sequence, last_sequence,
                   created_at, token_count
            FROM memory_chunks
            WHERE tenant_id = ? AND conversation_id = ? AND last_sequence = ANY(?) AND kind = 'turn'
            """;

    /** How many updates of updates are followed (A superseded by B, B by C, ...). */
    static final int UPDATE_CHAIN = 3;

    /**
     * For each older memory among the given ids, the newest turn (before the bound) that
     * supersedes it, with the columns a hit shows: a superseding turn that is not among
     * the hits needs no second look-up. The turns are found by the ids through the
     * inverted index on {@code supersedes} (retrieval V9), fenced off from the
     * conversation filter (a materialized CTE: no condition is pushed into it), so the
     * look-up does not grow with the conversation: the planner, misled by a
     * conversation's row estimate (one row for a conversation that grew since the last
     * ANALYZE), read every row of the conversation through its B-tree instead. Only the
     * asked memories are answered for. Answering for every memory a found turn supersedes
     * brought 499 rows for 40 asked ids on a conversation of chained updates
     * (docs/perf/search-path-profile.md, thirteenth round), and a later round overwrote a
     * turn's newest update, found when the turn was asked, with an older one.
     *
     * <p>
     * The chain's {@value #UPDATE_CHAIN} steps are one statement: step n + 1 asks about
     * the turns step n found (its {@code asked} array), so a search with updates costs
     * one round trip, not one per step: on the same asked turns the statement costs the
     * database about one step of the old, and the service saves 0.3-0.5 ms a search of
     * the trips' own cost (docs/perf/search-path-profile.md, twenty-second round). Each
     * row names its {@code step}. A step may ask about more turns than
     * {@link #withUpdates} needs (a turn among the hits, asked in step 1 already); its
     * answer for a turn is the same in every step, since it is the newest turn that
     * supersedes it.
     *
     * <p>
     * Parameters: 1 the asked ids, then tenant, conversation and before sequence for each
     * step ({@link #updatesParameters}).
     */
    static final String UPDATES = updates();

    private static String updates() {
        StringBuilder sql = new StringBuilder("WITH asked1 AS MATERIALIZED (SELECT ?::uuid[] AS ids),\n");
        for (int step = 1; step <= UPDATE_CHAIN; step++) {
            if (step > 1) {
                sql.append("asked")
                    .append(step)
                    .append(" AS MATERIALIZED (SELECT coalesce(array_agg(memory_id), '{}') ")
                    .append("AS ids FROM step")
                    .append(step - 1)
                    .append("),\n");
            }
            sql.append("""
                    superseding%1$d AS MATERIALIZED (
                        SELECT memory_id, tenant_id, conversation_id, kind, speaker, text, external_ids, message_ids,
                               first_sequence, last_sequence, created_at, token_count, supersedes
                        FROM memory_chunks
                        WHERE supersedes && (SELECT ids FROM asked%1$d) AND cardinality(supersedes) > 0),
                    step%1$d AS MATERIALIZED (
                        SELECT DISTINCT ON (older) older, memory_id, kind, speaker, text, external_ids, message_ids,
                               first_sequence, last_sequence, created_at, token_count
                        FROM superseding%1$d, unnest(supersedes) AS older, asked%1$d
                        WHERE tenant_id = ? AND conversation_id = ? AND last_sequence < ? AND older = ANY(ids)
                        ORDER BY older, last_sequence DESC)%2$s
                    """.formatted(step, step < UPDATE_CHAIN ? "," : ""));
        }
        for (int step = 1; step <= UPDATE_CHAIN; step++) {
            sql.append(step == 1 ? "" : "UNION ALL\n")
                .append("SELECT ")
                .append(step)
                .append(" AS step, * FROM step")
                .append(step)
                .append('\n');
        }
        return sql.toString();
    }

    /** {@link #UPDATES}' parameters. */
    static Object[] updatesParameters(Object ids, String tenantId, String conversationId, long beforeSequence) {
        Object[] parameters = new Object[1 + 3 * UPDATE_CHAIN];
        parameters[0] = ids;
        for (int step = 0; step < UPDATE_CHAIN; step++) {
            parameters[1 + 3 * step] = tenantId;
            parameters[2 + 3 * step] = conversationId;
            parameters[3 + 3 * step] = beforeSequence;
        }
        return parameters;
    }

    private final QueryEmbeddings queryEmbeddings;

    private final JdbcTemplate jdbc;

    private final ConversationRanking ranking;

    private final IndexWatermarks watermarks;

    MemorySearch(QueryEmbeddings queryEmbeddings, JdbcTemplate jdbc, RetrievalProperties properties,
            IndexWatermarks watermarks, PlatformTransactionManager transactions) {
        this.queryEmbeddings = queryEmbeddings;
        this.jdbc = jdbc;
        this.ranking = new ConversationRanking(jdbc, transactions,
                new ConversationRanking.Settings(properties.denseWeight(), properties.neighbourWeight(),
                        properties.salienceWeight(), properties.timeBoost(), properties.speakerBoost(),
                        properties.exactScanMaxRows(), properties.quantizedScanMaxRows(),
                        properties.denseCandidates()));
        this.watermarks = watermarks;
    }

    /**
     * A recall's search: its question may have been embedded ahead
     * ({@link QueryEmbeddings#forRecall}).
     * @return at most {@code topK} memories, best first
     */
    public List<SearchHit> search(SearchQuery query) {
        if (query.topK() < 1) {
            return List.of();
        }
        return recall(query, this.watermarks.state(query.tenantId(), query.conversationId())).hits();
    }

    /**
     * A recall's search, with the state of the conversation's index its caller read
     * already (waiting for it): one statement less a turn. The turns its excerpts read
     * come with the hits, for {@link #mergedRuns}.
     */
    public Recalled recall(SearchQuery query, IndexState index) {
        if (query.topK() < 1) {
            return new Recalled(List.of(), turnTexts(query));
        }
        Searched searched = searched(query, this.queryEmbeddings.forRecall(query), index);
        return new Recalled(searched.explained().stream().map(Explained::hit).toList(), searched.turns());
    }

    /**
     * The search with a given query vector (tests pin it to check the arithmetic
     * exactly).
     */
    List<SearchHit> search(SearchQuery query, float[] queryVector) {
        return explained(query, queryVector).stream().map(Explained::hit).toList();
    }

    /**
     * The search with each hit's score broken into the parts that were added up to it,
     * the question embedded already (maybe on another thread: {@link QueryEmbeddings}).
     */
    public List<Explained> explained(SearchQuery query, float[] queryVector) {
        if (query.topK() < 1) {
            return List.of();
        }
        return explained(query, queryVector, this.watermarks.state(query.tenantId(), query.conversationId()));
    }

    /**
     * The search with the question embedded already and the state of the conversation's
     * index read already (its count picks the ranking statement).
     */
    public List<Explained> explained(SearchQuery query, float[] queryVector, IndexState index) {
        return searched(query, queryVector, index).explained();
    }

    private Searched searched(SearchQuery query, float[] queryVector, IndexState index) {
        TurnTexts turns = turnTexts(query);
        if (query.topK() < 1) {
            return new Searched(List.of(), turns);
        }
        Optional<TimeRange> range = TimeExpressions.parse(query.text(), query.asOf());
        ConversationRanking.Request request = new ConversationRanking.Request(query.tenantId(), query.conversationId(),
                query.beforeSequence(), OrQuery.of(query.text()).orElse(""), queryVector, query.salience(),
                range.map(r -> Timestamp.from(r.start())).orElse(null),
                range.map(r -> Timestamp.from(r.end())).orElse(null), Speakers.named(query.text()),
                query.topK() + EXTRA_RESULTS);
        List<Ranked> ranked = this.ranking.rank(request, index);
        if (ranked.isEmpty()) {
            return new Searched(List.of(), turns);
        }
        List<SearchHit> hits = new ArrayList<>(ranked.size());
        Map<UUID, Ranked> parts = new HashMap<>();
        for (Ranked candidate : ranked) {
            parts.put(candidate.memoryId(), candidate);
            hits.add(candidate.hit().withScore(candidate.score()));
        }
        List<SearchHit> withUpdates = withUpdates(query, hits);
        // the turns among the hits and their updates need no look-up for an excerpt
        turns.add(withUpdates);
        return new Searched(Excerpts.distinct(withUpdates, query.topK(), turns::of)
            .stream()
            .map(hit -> new Explained(hit, parts(hit, parts.get(hit.memoryId()))))
            .toList(), turns);
    }

    /**
     * The turns of the query's conversation, each read at most once: for
     * {@link #mergedRuns} of hits found otherwise (the user scope).
     */
    public TurnTexts turnTexts(SearchQuery query) {
        return new TurnTexts(sequences -> turns(query, sequences));
    }

    /**
     * The memories chosen for a prompt with touching turns, windows and excerpts merged
     * into one excerpt each ({@link Runs}).
     * @param turns the turns of the search that found them ({@link Recalled#turns}), or
     * of its conversation ({@link #turnTexts})
     * @param chosen hits of that search, best first
     */
    public List<SearchHit> mergedRuns(TurnTexts turns, List<SearchHit> chosen) {
        return Runs.merge(chosen, turns::of);
    }

    /**
     * A hit's score parts: the SQL columns, the neighbour smoothing as the difference
     * between the smoothed and the fused score, and what a knowledge update added (a
     * superseding turn is raised to the score of the memory it supersedes) as the rest. A
     * hit ranked only because it supersedes another has no SQL parts: all of its score is
     * supersession.
     */
    private static ScoreParts parts(SearchHit hit, Ranked scored) {
        if (scored == null) {
            return new ScoreParts(0, 0, 0, 0, 0, hit.score(), 0, hit.score());
        }
        return new ScoreParts(scored.dense(), scored.lexical(), scored.time(), scored.salience(), scored.speaker(),
                hit.score() - scored.score(), scored.score() - scored.fused(), hit.score());
    }

    /**
     * The hits with the turns that supersede them ranked right above them (fetched when
     * not among them). A window or summary counts as superseded when one of its turns is
     * and it does not hold the update itself.
     */
    private List<SearchHit> withUpdates(SearchQuery query, List<SearchHit> hits) {
        Map<UUID, SearchHit> known = new HashMap<>();
        hits.forEach(hit -> known.put(hit.memoryId(), hit));
        Set<UUID> ask = new HashSet<>();
        hits.forEach(hit -> ask.addAll(turnsOf(hit)));
        if (ask.isEmpty()) {
            return hits;
        }
        // every step of the chain in one statement; the steps are then taken here
        Map<UUID, SearchHit> newestOf = new HashMap<>();
        this.jdbc.query(UPDATES, (ResultSet rs) -> {
            newestOf.putIfAbsent(rs.getObject("older", UUID.class), hit(rs));
        }, updatesParameters(new SqlArrayValue("uuid", ask.toArray()), query.tenantId(), query.conversationId(),
                query.beforeSequence()));
        Map<UUID, UUID> newerByTurn = new HashMap<>();
        Set<UUID> asked = new HashSet<>();
        for (int round = 0; round < UPDATE_CHAIN && !ask.isEmpty(); round++) {
            asked.addAll(ask);
            // the superseding turns not known yet: their updates are asked about next
            Set<UUID> missing = new HashSet<>();
            for (UUID older : ask) {
                SearchHit newer = newestOf.get(older);
                if (newer != null) {
                    newerByTurn.put(older, newer.memoryId());
                    if (known.putIfAbsent(newer.memoryId(), newer) == null) {
                        missing.add(newer.memoryId());
                    }
                }
            }
            ask.clear();
            missing.stream().filter(id -> !asked.contains(id)).forEach(ask::add);
        }
        if (newerByTurn.isEmpty()) {
            return hits;
        }
        Map<UUID, UUID> newer = new HashMap<>();
        for (SearchHit hit : known.values()) {
            SearchHit newest = null;
            Set<UUID> own = turnsOf(hit);
            for (UUID turn : own) {
                SearchHit update = known.get(newerByTurn.get(turn));
                if (update != null && !own.contains(update.memoryId())
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

    /** A row with the columns a hit shows, its score 0. */
    static SearchHit hit(ResultSet rs) throws SQLException {
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

    /** A hit and the parts its score was added up from. */
    public record Explained(SearchHit hit, ScoreParts parts) {
    }

    /** A recall's hits, best first, and the turns read for them. */
    public record Recalled(List<SearchHit> hits, TurnTexts turns) {
    }

    private record Searched(List<Explained> explained, TurnTexts turns) {
    }

}
