package dev.skein.retrieval.indexing;

import java.time.Duration;

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
     * incarnation has no watermark any more.
     */
    public IndexState state(String tenantId, String conversationId) {
        return this.jdbc.sql("""
                SELECT indexed, in_graph,
                       CASE WHEN imported_through >= import_through THEN last_sequence
                            ELSE least(last_sequence, greatest(imported_through, import_from - 1)) END AS through
                FROM index_watermarks
                WHERE tenant_id = ? AND conversation_id = ?
                ORDER BY updated_at DESC LIMIT 1
                """)
            .params(tenantId, conversationId)
            .query((rs, row) -> new IndexState(rs.getLong("indexed"), rs.getLong("through"), rs.getBoolean("in_graph")))
            .optional()
            .orElse(IndexState.EMPTY);
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
     */
    public record IndexState(long indexed, long indexedThrough, boolean inGraph) {

        static final IndexState EMPTY = new IndexState(0, 0, false);

    }

}
