package dev.skein.memory.salience;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.memory.jdbc.PendingWrites;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The tenant's unigram counts ({@code term_counts}, {@code term_totals}) and each
 * conversation's share of them ({@code conversation_terms}), so erasing a conversation
 * takes its words out.
 *
 * <p>
 * Every turn, reply and import of a tenant adds to the same rows (the totals are one row
 * per tenant), and a row written stays locked until its transaction ends. Written where
 * they are counted, they held every other turn of the tenant for the rest of the
 * transaction: behind an import of thousands of messages, for seconds. So a transaction
 * reads the counts without locking them and writes its additions as its last statement,
 * just before it commits.
 */
@Repository
class TermStats {

    /**
     * The additions of one transaction, written before it commits: the counts known
     * before (to tell the new terms from the known ones), the tenant's counts, the
     * conversation's share and the totals, in term order, so concurrent writers of a
     * tenant lock its rows in the same order (no deadlock).
     */
    private static final String ADD = """
            WITH input AS (
                SELECT term, count FROM unnest(?::text[], ?::int8[]) AS i (term, count)
            ), known AS (
                SELECT term FROM term_counts WHERE tenant_id = ? AND term IN (SELECT term FROM input)
            ), counted AS (
                INSERT INTO term_counts AS t (tenant_id, term, count)
                SELECT ?, term, count FROM input ORDER BY term
                ON CONFLICT (tenant_id, term) DO UPDATE SET count = t.count + EXCLUDED.count
            ), shared AS (
                INSERT INTO conversation_terms AS c (conversation_uid, term, count)
                SELECT ?, term, count FROM input ORDER BY term
                ON CONFLICT (conversation_uid, term) DO UPDATE SET count = c.count + EXCLUDED.count
            )
            INSERT INTO term_totals AS t (tenant_id, total, distinct_terms)
            SELECT ?, coalesce(sum(count), 0), count(*) FILTER (WHERE term NOT IN (SELECT term FROM known))
            FROM input
            ON CONFLICT (tenant_id) DO UPDATE SET total = t.total + EXCLUDED.total,
                distinct_terms = t.distinct_terms + EXCLUDED.distinct_terms
            """;

    /** The tenant's totals (term null) and the counts of the given terms. */
    private static final String MODEL = """
            SELECT NULL AS term, total AS count, distinct_terms FROM term_totals WHERE tenant_id = ?
            UNION ALL
            SELECT term, count, NULL FROM term_counts WHERE tenant_id = ? AND term = ANY(?)
            """;

    private final JdbcTemplate jdbc;

    private final PendingWrites pending;

    TermStats(JdbcTemplate jdbc, PendingWrites pending) {
        this.jdbc = jdbc;
        this.pending = pending;
    }

    /**
     * Adds term occurrences, written just before the transaction commits, and returns the
     * model after the addition, for these terms, as this transaction sees it.
     * @throws IllegalStateException outside a transaction
     */
    UnigramModel add(String tenantId, UUID conversationUid, Map<String, Long> counts) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("Term counts are added inside a transaction");
        }
        UnigramModel before = model(tenantId, counts.keySet());
        Additions additions = (Additions) TransactionSynchronizationManager.getResource(this);
        if (additions == null) {
            additions = new Additions();
            TransactionSynchronizationManager.bindResource(this, additions);
            TransactionSynchronizationManager.registerSynchronization(additions);
            this.pending.atCommit(additions::write);
        }
        return additions.add(tenantId, conversationUid, counts, before);
    }

    /**
     * The model for these terms as it is now: what is committed, and what this
     * transaction added so far.
     */
    UnigramModel model(String tenantId, Collection<String> terms) {
        Map<String, Long> counts = new HashMap<>();
        long[] totals = new long[2];
        this.jdbc.query(MODEL, (ResultSet rs) -> {
            String term = rs.getString("term");
            if (term == null) {
                totals[0] = rs.getLong("count");
                totals[1] = rs.getLong("distinct_terms");
            }
            else {
                counts.put(term, rs.getLong("count"));
            }
        }, tenantId, tenantId, new SqlArrayValue("text", terms.toArray()));
        UnigramModel committed = new UnigramModel(counts, totals[0], totals[1]);
        Additions additions = TransactionSynchronizationManager.isSynchronizationActive()
                ? (Additions) TransactionSynchronizationManager.getResource(this) : null;
        return additions == null ? committed : additions.seenBy(tenantId, terms, committed);
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

    /**
     * What one transaction added, by tenant, and the writes it owes: made as its last
     * statements, before it commits.
     */
    private final class Additions implements TransactionSynchronization {

        private final List<Write> writes = new ArrayList<>();

        private final Map<String, UnigramModel> byTenant = new HashMap<>();

        UnigramModel add(String tenantId, UUID conversationUid, Map<String, Long> counts, UnigramModel before) {
            Map<String, Long> after = new HashMap<>();
            long total = 0;
            long fresh = 0;
            for (Map.Entry<String, Long> term : counts.entrySet()) {
                long known = before.counts().getOrDefault(term.getKey(), 0L);
                after.put(term.getKey(), known + term.getValue());
                total += term.getValue();
                fresh += known == 0 ? 1 : 0;
            }
            if (!counts.isEmpty()) {
                this.writes.add(new Write(tenantId, conversationUid, Map.copyOf(counts)));
            }
            UnigramModel added = this.byTenant.getOrDefault(tenantId, new UnigramModel(Map.of(), 0, 0));
            Map<String, Long> addedCounts = new HashMap<>(added.counts());
            counts.forEach((term, count) -> addedCounts.merge(term, count, Long::sum));
            this.byTenant.put(tenantId,
                    new UnigramModel(addedCounts, added.total() + total, added.vocabulary() + fresh));
            return new UnigramModel(after, before.total() + total, before.vocabulary() + fresh);
        }

        /** The committed model with this transaction's additions of the tenant. */
        UnigramModel seenBy(String tenantId, Collection<String> terms, UnigramModel committed) {
            UnigramModel added = this.byTenant.get(tenantId);
            if (added == null) {
                return committed;
            }
            Map<String, Long> counts = new HashMap<>(committed.counts());
            for (String term : terms) {
                Long count = added.counts().get(term);
                if (count != null) {
                    counts.merge(term, count, Long::sum);
                }
            }
            return new UnigramModel(counts, committed.total() + added.total(),
                    committed.vocabulary() + added.vocabulary());
        }

        /**
         * The additions, with the transaction's last statements ({@link PendingWrites}).
         */
        void write() {
            for (Write write : this.writes) {
                List<String> terms = new ArrayList<>(write.counts().keySet());
                TermStats.this.pending.add(ADD, new SqlArrayValue("text", terms.toArray()),
                        new SqlArrayValue("int8", terms.stream().map(write.counts()::get).toArray()), write.tenantId(),
                        write.tenantId(), write.conversationUid(), write.tenantId());
            }
        }

        // a transaction of its own started inside (REQUIRES_NEW) writes its own additions
        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(TermStats.this);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(TermStats.this, this);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(TermStats.this);
        }

    }

    private record Write(String tenantId, UUID conversationUid, Map<String, Long> counts) {
    }

}
