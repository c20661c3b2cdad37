package dev.skein.retrieval.indexing;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.skein.retrieval.RetrievalProperties;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The HNSW graph holds the chunks of long conversations only: a search reads it for a
 * conversation over {@code quantizedScanMaxRows} chunks and scans every shorter one
 * ({@code ConversationRanking}), while putting a chunk into the graph costs the database
 * about 1.2 ms (V11). A conversation enters the graph once its index grows past that
 * size: its chunks are flagged ({@code in_graph}, the partial index's predicate) in
 * batches on a thread of this service's own, then, under the conversation's lock, the
 * last ones and its watermark. From then on the indexer writes its new chunks flagged (it
 * reads the watermark under the same lock), and a search takes its dense candidates from
 * the graph. Until then the sign bits serve it: slower, never lossy.
 */
@Component
public class LongConversationGraph {

    /**
     * Chunks flagged per transaction: about half a second of graph inserts, which are the
     * database's work; one conversation at a time, so a move takes at most one backend.
     */
    static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(LongConversationGraph.class);

    // keyset order of the conversation's B-tree: each batch starts after the last one
    private static final String NEXT_BATCH = """
            SELECT memory_id, last_sequence FROM memory_chunks
            WHERE tenant_id = ? AND conversation_id = ? AND conversation_uid = ?
              AND (last_sequence, memory_id) > (?, ?)
            ORDER BY last_sequence, memory_id LIMIT ?
            """;

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final long minRows;

    private final Set<UUID> moving = ConcurrentHashMap.newKeySet();

    private final ExecutorService mover = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "skein-graph-mover");
        thread.setDaemon(true);
        return thread;
    });

    LongConversationGraph(JdbcTemplate jdbc, TransactionTemplate transactions, RetrievalProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.minRows = properties.quantizedScanMaxRows();
    }

    /**
     * After an indexing write: a conversation that has grown past the size the graph
     * serves, and is not in it, is moved into it in the background (once at a time).
     * @param indexed its chunks now
     * @param inGraph whether its watermark says it is in the graph
     * @return whether a move started
     */
    boolean indexed(String tenantId, String conversationId, UUID conversationUid, long indexed, boolean inGraph) {
        if (inGraph || indexed <= this.minRows || !this.moving.add(conversationUid)) {
            return false;
        }
        this.mover.execute(() -> {
            try {
                int moved = move(tenantId, conversationId, conversationUid);
                log.info("Conversation {} ({} chunks) is in the HNSW graph: {} chunks moved", conversationUid, indexed,
                        moved);
            }
            catch (RuntimeException ex) {
                // its next indexing write tries again; its searches scan the sign bits
                log.warn("Could not move conversation {} into the HNSW graph", conversationUid, ex);
            }
            finally {
                this.moving.remove(conversationUid);
            }
        });
        return true;
    }

    /**
     * Puts every chunk of the conversation into the graph and marks its watermark.
     * @return the chunks flagged here
     */
    int move(String tenantId, String conversationId, UUID conversationUid) {
        int moved = 0;
        long afterSequence = Long.MIN_VALUE;
        UUID afterId = new UUID(Long.MIN_VALUE, Long.MIN_VALUE);
        while (true) {
            List<Key> batch = this.jdbc.query(NEXT_BATCH,
                    (rs, row) -> new Key(rs.getObject("memory_id", UUID.class), rs.getLong("last_sequence")), tenantId,
                    conversationId, conversationUid, afterSequence, afterId, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            moved += this.jdbc.update(
                    "UPDATE memory_chunks SET in_graph = true WHERE memory_id = ANY(?) AND NOT in_graph",
                    new SqlArrayValue("uuid", batch.stream().map(Key::memoryId).toArray()));
            Key last = batch.get(batch.size() - 1);
            afterSequence = last.lastSequence();
            afterId = last.memoryId();
        }
        Integer rest = this.transactions.execute(status -> {
            // the indexer writes under this lock: its chunks written meanwhile are
            // flagged here, and the ones it writes after come flagged
            ConversationLocks.lock(this.jdbc, List.of(conversationUid));
            int late = this.jdbc.update("""
                    UPDATE memory_chunks SET in_graph = true
                    WHERE tenant_id = ? AND conversation_id = ? AND conversation_uid = ? AND NOT in_graph
                    """, tenantId, conversationId, conversationUid);
            this.jdbc.update("UPDATE index_watermarks SET in_graph = true WHERE conversation_uid = ?", conversationUid);
            return late;
        });
        return moved + (rest == null ? 0 : rest);
    }

    @PreDestroy
    void stop() {
        this.mover.shutdownNow();
    }

    private record Key(UUID memoryId, long lastSequence) {
    }

}
