package dev.skein.memory.salience;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The tenant's unigram counts ({@code term_counts}, {@code term_totals}) and each
 * conversation's share of them ({@code conversation_terms}), so erasing a conversation
 * takes its words out.
 */
@Repository
class TermStats {

    private final JdbcTemplate jdbc;

    TermStats(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds term occurrences and returns the model after the addition, for these terms.
     */
    UnigramModel add(String tenantId, UUID conversationUid, Map<String, Long> counts) {
        Map<String, Long> known = counts(tenantId, counts.keySet());
        long added = 0;
        long newTerms = 0;
        Map<String, Long> after = new HashMap<>(known);
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            added += e.getValue();
            if (!known.containsKey(e.getKey())) {
                newTerms++;
            }
            after.merge(e.getKey(), e.getValue(), Long::sum);
        }
        List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        // sorted: concurrent writers of one tenant lock the rows in the same order (no
        // deadlock)
        rows.sort(Map.Entry.comparingByKey());
        this.jdbc.batchUpdate("""
                INSERT INTO term_counts (tenant_id, term, count) VALUES (?, ?, ?)
                ON CONFLICT (tenant_id, term) DO UPDATE SET count = term_counts.count + EXCLUDED.count""", rows, 500,
                (ps, e) -> {
                    ps.setString(1, tenantId);
                    ps.setString(2, e.getKey());
                    ps.setLong(3, e.getValue());
                });
        this.jdbc.batchUpdate("""
                INSERT INTO conversation_terms (conversation_uid, term, count) VALUES (?, ?, ?)
                ON CONFLICT (conversation_uid, term) DO UPDATE SET count = conversation_terms.count + EXCLUDED.count""",
                rows, 500, (ps, e) -> {
                    ps.setObject(1, conversationUid);
                    ps.setString(2, e.getKey());
                    ps.setLong(3, e.getValue());
                });
        List<long[]> totals = this.jdbc.query("""
                INSERT INTO term_totals (tenant_id, total, distinct_terms) VALUES (?, ?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET total = term_totals.total + EXCLUDED.total,
                    distinct_terms = term_totals.distinct_terms + EXCLUDED.distinct_terms
                RETURNING total, distinct_terms""", (rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }, tenantId,
                added, newTerms);
        return new UnigramModel(after, totals.get(0)[0], totals.get(0)[1]);
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
