package dev.skein.retrieval.indexing;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far the index of a conversation has got. Its turns and an import's memories come on
 * two topics ({@code MemoryIndexer}): while an announced import is not indexed, the index
 * is through the sequence before the first of its memories not indexed yet, whatever
 * newer turns it holds.
 */
@Component
public class IndexWatermarks {

    private final JdbcClient jdbc;

    IndexWatermarks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The conversation's current incarnation is the one indexed last; an erased
     * incarnation has no watermark any more. Its salient memories come in the same read.
     */
    public IndexState state(String tenantId, String conversationId) {
        return this.jdbc.sql("""
                SELECT w.indexed, w.in_graph,
                       CASE WHEN w.imported_through >= w.import_through THEN w.last_sequence
                            ELSE least(w.last_sequence, greatest(w.imported_through, w.import_from - 1)) END AS through,
                       s.memory_ids, s.saliences
                FROM index_watermarks w LEFT JOIN conversation_salience s ON s.conversation_uid = w.conversation_uid
                WHERE w.tenant_id = ? AND w.conversation_id = ?
                ORDER BY w.updated_at DESC LIMIT 1
                """)
            .params(tenantId, conversationId)
            .query((rs, row) -> new IndexState(rs.getLong("indexed"), rs.getLong("through"), rs.getBoolean("in_graph"),
                    salience(rs)))
            .optional()
            .orElse(IndexState.EMPTY);
    }

    private static @Nullable Map<UUID, Double> salience(ResultSet rs) throws SQLException {
        Array ids = rs.getArray("memory_ids");
        Array values = rs.getArray("saliences");
        if (ids == null || values == null) {
            return null;
        }
        UUID[] memoryIds = (UUID[]) ids.getArray();
        Double[] saliences = (Double[]) values.getArray();
        Map<UUID, Double> salience = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(memoryIds.length, saliences.length); i++) {
            salience.put(memoryIds[i], Math.max(0, Math.min(1, saliences[i])));
        }
        return salience;
    }

    /**
     * Waits until the index of the conversation reaches {@code sequence}
     * (read-your-writes after an import), looking again every {@code pollInterval}, at
     * most {@code maxWait}.
     * @return the last state seen: {@code indexedThrough < sequence} when the wait ran
     * out
     */
    public IndexState awaitThrough(String tenantId, String conversationId, long sequence, Duration maxWait,
            Duration pollInterval) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        IndexState state = state(tenantId, conversationId);
        while (state.indexedThrough() < sequence && System.nanoTime() < deadline) {
            try {
                Thread
                    .sleep(Math.max(1, Math.min(pollInterval.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return state;
            }
            state = state(tenantId, conversationId);
        }
        return state;
    }

    /**
     * @param indexed memory chunks in the index
     * @param indexedThrough the stream sequence the index has reached (0 before the first
     * chunk)
     * @param inGraph every chunk of the conversation is in the HNSW graph
     * ({@link LongConversationGraph})
     * @param salience memory id → salience in [0, 1], the salient memories the
     * memory-service announced last for this incarnation ({@link AnnouncedSalience});
     * null when none came yet
     */
    public record IndexState(long indexed, long indexedThrough, boolean inGraph, @Nullable Map<UUID, Double> salience) {

        static final IndexState EMPTY = new IndexState(0, 0, false);

        public IndexState(long indexed, long indexedThrough, boolean inGraph) {
            this(indexed, indexedThrough, inGraph, null);
        }

    }

}
