package dev.skein.retrieval.indexing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.pgvector.PGvector;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;

import dev.skein.contracts.MemoryRecorded;

/**
 * The vectors of memories the index holds already exactly as their event describes them:
 * a redelivery, or a summary rebuilt to the same text. The indexer's upsert leaves such a
 * row as it is, so a vector computed for it again would never be written; the stored one
 * is used instead, which saves the model's milliseconds for a lookup of a fraction of
 * one. "Exactly" is the upsert's own comparison, on the values bound the way it binds
 * them, so the two cannot disagree; a memory that differs in anything is embedded as
 * before.
 */
final class IndexedVectors {

    // the upsert's WHERE, turned around
    private static final String UNCHANGED = """
            SELECT embedding::text, statement_embedding::text FROM memory_chunks
            WHERE memory_id = ? AND tenant_id = ? AND conversation_uid = ?
              AND (kind, role, speaker, text, external_ids, message_ids, first_sequence, last_sequence, created_at,
                   embedding_model, key_phrases, supersedes)
                  IS NOT DISTINCT FROM
                  (CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text[]),
                   CAST(? AS uuid[]), CAST(? AS bigint), CAST(? AS bigint), CAST(? AS timestamptz), CAST(? AS text),
                   CAST(? AS text[]), CAST(? AS uuid[]))
            """;

    /**
     * @param statement the stored bare embedding of a statement, null when there is none
     */
    record Stored(float[] embedding, float[] statement) {
    }

    private IndexedVectors() {
    }

    /**
     * The stored vectors of the events' memories that are indexed as they describe them.
     */
    static Map<UUID, Stored> unchanged(JdbcTemplate jdbc, Collection<MemoryRecorded> events, String model) {
        // one look-up for the batch: an import's memories are all new
        Set<UUID> existing = new HashSet<>(
                jdbc.queryForList("SELECT memory_id FROM memory_chunks WHERE memory_id = ANY(?)", UUID.class,
                        new SqlArrayValue("uuid", events.stream().map(MemoryRecorded::memoryId).toArray())));
        Map<UUID, Stored> unchanged = new HashMap<>();
        for (MemoryRecorded event : events) {
            if (!existing.contains(event.memoryId())) {
                continue;
            }
            List<Stored> stored = jdbc.query(UNCHANGED, ps -> bind(ps, event, model),
                    (rs, row) -> new Stored(vector(rs.getString(1)), vector(rs.getString(2))));
            if (!stored.isEmpty() && stored.get(0).embedding() != null) {
                unchanged.put(event.memoryId(), stored.get(0));
            }
        }
        return unchanged;
    }

    private static void bind(PreparedStatement ps, MemoryRecorded event, String model) throws SQLException {
        Connection connection = ps.getConnection();
        ps.setObject(1, event.memoryId());
        ps.setString(2, event.tenantId());
        ps.setObject(3, event.conversationUid());
        ps.setString(4, MemoryIndexer.kind(event));
        ps.setString(5, event.role());
        ps.setString(6, event.speaker());
        ps.setString(7, event.text());
        ps.setArray(8, MemoryIndexer.textArray(connection, event.externalIds()));
        ps.setArray(9, MemoryIndexer.uuidArray(connection, event.messageIds()));
        ps.setLong(10, event.firstSequence());
        ps.setLong(11, event.lastSequence());
        ps.setObject(12, MemoryIndexer.timestamp(MemoryIndexer.createdAt(event)));
        ps.setString(13, model);
        ps.setArray(14, MemoryIndexer.textArray(connection, event.keyPhrases()));
        ps.setArray(15, MemoryIndexer.uuidArray(connection, event.supersedes()));
    }

    static float[] vector(String text) throws SQLException {
        return text == null ? null : new PGvector(text).toArray();
    }

}
