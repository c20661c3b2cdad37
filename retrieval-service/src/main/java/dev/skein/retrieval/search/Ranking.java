package dev.skein.retrieval.search;

/**
 * The ranking the search statements share, from the rows in {@code conversation} (with
 * {@code matched}, the tsvector of a lexical match) and the statistics in {@code stats}.
 */
final class Ranking {

    /**
     * The query's lexemes in each matching row of {@code conversation}, with their term
     * frequency: BM25's postings, for both search statements.
     */
    static final String POSTINGS = """
            postings AS MATERIALIZED (
                SELECT c.memory_id, c.length, p.lexeme, coalesce(array_length(p.positions, 1), 1)::float8 AS tf
                FROM conversation c, query,
                     unnest(ts_filter(setweight(c.matched, 'A', query.lexemes), '{a}')) AS p
                WHERE c.matched IS NOT NULL
            ),
            """;

    /**
     * Exact BM25 of every match in {@code conversation} (which must hold every row of the
     * conversation): {@code lexical} (score per matching row) and {@code lexical_stats}
     * (mean and deviation over all N rows, a row without a match counting 0). No
     * parameters.
     */
    static final String BM25 = POSTINGS + """
            df AS MATERIALIZED (
                SELECT lexeme, count(*)::float8 AS df FROM postings GROUP BY lexeme
            ),
            lexical AS MATERIALIZED (
                SELECT p.memory_id,
                       sum(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))
                           * p.tf * 2.2 / (p.tf + 1.2 * (0.25 + 0.75 * p.length / s.average_length))) AS score
                FROM postings p JOIN df USING (lexeme) CROSS JOIN stats s
                GROUP BY p.memory_id
            ),
            lexical_stats AS MATERIALIZED (
                SELECT coalesce(sum(l.score), 0) / s.n AS mean,
                       sqrt(greatest(coalesce(sum(l.score * l.score), 0) / s.n
                                     - power(coalesce(sum(l.score), 0) / s.n, 2), 0)) AS std
                FROM stats s LEFT JOIN lexical l ON true
                GROUP BY s.n
            ),
            """;

    /**
     * Both arms as z-scores ({@code lexical} and {@code lexical_stats} as {@link #BM25}
     * makes them), the time, salience and speaker boosts. Parameters: salient ids and
     * saliences, dense weight twice, time range start and end, time boost, salience
     * weight, the query's words and the speaker boost. Each part of the fused score is a
     * column of its own ({@code dense_part}, {@code lexical_part}, {@code time_part},
     * {@code salience_part}, {@code speaker_part}), so that {@code explain} shows exactly
     * what was added up.
     * <p>
     * The parts are materialized: inlined, they were computed again wherever the score
     * was used (the neighbours' {@code lag} and {@code lead}, the fused score, the
     * output), the speaker's words split for each. Once per row, the neighbours' step of
     * a 760-row conversation took 0.4 ms instead of 2.5 ms, and the statement 0.5-1.3 ms
     * less (docs/perf/search-path-profile.md, fifth round).
     */
    static final String FUSED = """
            salient AS MATERIALIZED (
                SELECT * FROM unnest(?::uuid[], ?::float8[]) AS t(memory_id, salience)
            ),
            parts AS MATERIALIZED (
                SELECT c.memory_id, c.kind, c.last_sequence,
                       ? * CASE WHEN s.dense_std > 0 THEN (c.similarity - s.dense_mean) / s.dense_std ELSE 0 END
                           AS dense_part,
                       (1 - ?) * CASE WHEN ls.std > 0 THEN (coalesce(l.score, 0) - ls.mean) / ls.std ELSE 0 END
                           AS lexical_part,
                       CASE WHEN c.created_at >= ?::timestamptz AND c.created_at < ?::timestamptz THEN ? ELSE 0 END
                           AS time_part,
                       ? * coalesce(sa.salience, 0) AS salience_part,
                       CASE WHEN c.kind = 'turn' AND string_to_array(lower(c.speaker), ' ') && ?::text[] THEN ? ELSE 0 END
                           AS speaker_part
                FROM conversation c CROSS JOIN stats s CROSS JOIN lexical_stats ls
                     LEFT JOIN lexical l ON l.memory_id = c.memory_id
                     LEFT JOIN salient sa ON sa.memory_id = c.memory_id
            ),
            fused AS (
                SELECT *, dense_part + lexical_part + time_part + salience_part + speaker_part AS score FROM parts
            ),
            """;

    /**
     * The statements' end, after {@code smoothed}: the best rows ({@code LIMIT ?}, the
     * last parameter) with their score parts and the columns a hit shows, read by primary
     * key in the same statement. A separate look-up of the hits' details was one more
     * round trip a search and a recall (about 1 ms each on 2 cores, for 0.2 ms in
     * PostgreSQL), and it could miss a row erased in between.
     */
    static final String TOP = """
            top AS MATERIALIZED (
                SELECT memory_id, score, dense_part, lexical_part, time_part, salience_part, speaker_part, fused_score,
                       last_sequence
                FROM smoothed ORDER BY score DESC, last_sequence DESC LIMIT ?
            )
            SELECT t.memory_id, t.score, t.dense_part, t.lexical_part, t.time_part, t.salience_part, t.speaker_part,
                   t.fused_score, m.kind, m.speaker, m.text, m.external_ids, m.message_ids, m.first_sequence,
                   m.last_sequence, m.created_at, m.token_count
            FROM top t JOIN memory_chunks m ON m.memory_id = t.memory_id
            ORDER BY t.score DESC, t.last_sequence DESC
            """;

    private Ranking() {
    }

}
