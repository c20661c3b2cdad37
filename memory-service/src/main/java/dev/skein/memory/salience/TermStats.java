package dev.skein.memory.salience;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * The tenant's unigram counts ({@code term_counts}, {@code term_totals}) and each
 * conversation's share of them ({@code conversation_terms}), so erasing a conversation
 * takes its words out.
 */
@Repository
class TermStats {

    /**
     * {@link #add}: the counts known before, and the tenant's totals after (term null).
     */
    private static final String ADD = """
            WITH input AS (
                SELECT term, count FROM unnest(?::text[], ?::int8[]) AS i (term, count)
            ), known AS (
                SELECT term, count FROM term_counts WHERE tenant_id = ? AND term IN (SELECT term FROM input)
            ), counted AS (
                INSERT INTO term_counts AS t (tenant_id, term, count)
                SELECT ?, term, count FROM input ORDER BY term
                ON CONFLICT (tenant_id, term) DO UPDATE SET count = t.count + EXCLUDED.count
            ), shared AS (
                INSERT INTO conversation_terms AS c (conversation_uid, term, count)
                SELECT ?, term, count FROM input ORDER BY term
                ON CONFLICT (conversation_uid, term) DO UPDATE SET count = c.count + EXCLUDED.count
            ), totals AS (
                INSERT INTO term_totals AS t (tenant_id, total, distinct_terms)
                SELECT ?, coalesce(sum(count), 0), count(*) FILTER (WHERE term NOT IN (SELECT term FROM known))
                FROM input
                ON CONFLICT (tenant_id) DO UPDATE SET total = t.total + EXCLUDED.total,
                    distinct_terms = t.distinct_terms + EXCLUDED.distinct_terms
                RETURNING total, distinct_terms
            )
            SELECT NULL AS term, total AS count, distinct_terms FROM totals
            UNION ALL
            SELECT term, count, NULL FROM known
            """;

    private final JdbcTemplate jdbc;

    TermStats(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds term occurrences and returns the model after the addition, for these terms: in
     * one statement, on every turn's path (it was four round trips). All of its parts see
     * the counts as they were before it, so {@code known} tells the new terms apart. The
     * rows are written in term order: concurrent writers of one tenant lock them in the
     * same order (no deadlock).
     */
    UnigramModel add(String tenantId, UUID conversationUid, Map<String, Long> counts) {
        List<String> terms = new ArrayList<>(counts.keySet());
        Map<String, Long> after = new HashMap<>(counts);
        long[] totals = new long[2];
        this.jdbc.query(ADD, (ResultSet rs) -> {
            String term = rs.getString("term");
            if (term == null) {
                totals[0] = rs.getLong("count");
                totals[1] = rs.getLong("distinct_terms");
            }
            else {
                after.merge(term, rs.getLong("count"), Long::sum);
            }
        }, new SqlArrayValue("text", terms.toArray()),
                new SqlArrayValue("int8", terms.stream().map(counts::get).toArray()), tenantId, tenantId,
                conversationUid, tenantId);
        return new UnigramModel(after, totals[0], totals[1]);
    }

    /** The model for these terms as it is now. */
    UnigramModel model(String tenantId, Collection<String> terms) {
        List<long[]> totals = this.jdbc.query("SELECT total, distinct_terms FROM term_totals WHERE tenant_id = ?",
                (rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }, tenantId);
        long[] t = totals.isEmpty() ? new long[] { 0, 0 } : totals.get(0);
        return new UnigramModel(counts(tenantId, terms), t[0], t[1]);
    }

    /**
     * Takes an erased conversation's words out of its tenant's model (before the cascade
     * removes its share).
     */
    void subtract(String tenantId, UUID conversationUid) {
        Long total = this.jdbc.queryForObject(
                "SELECT coalesce(sum(count), 0) FROM conversation_terms WHERE conversation_uid = ?", Long.class,
                conversationUid);
        this.jdbc.update("""
                UPDATE term_counts t SET count = t.count - c.count
                  FROM conversation_terms c
                 WHERE c.conversation_uid = ? AND t.tenant_id = ? AND t.term = c.term""", conversationUid, tenantId);
        int gone = this.jdbc.update("""
                DELETE FROM term_counts t USING conversation_terms c
                 WHERE c.conversation_uid = ? AND t.tenant_id = ? AND t.term = c.term AND t.count <= 0""",
                conversationUid, tenantId);
        this.jdbc.update("""
                UPDATE term_totals SET total = greatest(0, total - ?), distinct_terms = greatest(0, distinct_terms - ?)
                 WHERE tenant_id = ?""", total == null ? 0 : total, gone, tenantId);
    }

    private Map<String, Long> counts(String tenantId, Collection<String> terms) {
        Map<String, Long> counts = new HashMap<>();
        if (terms.isEmpty()) {
            return counts;
        }
        this.jdbc.query("SELECT term, count FROM term_counts WHERE tenant_id = ? AND term = ANY(?)", ps -> {
            ps.setString(1, tenantId);
            ps.setArray(2, ps.getConnection().createArrayOf("text", terms.toArray()));
        }, rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

}
