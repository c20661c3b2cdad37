package dev.skein.retrieval.indexing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.pgvector.PGvector;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.retrieval.RetrievalProperties;

/**
 * Knowledge updates found by meaning. The memory-service marks an update when the newer
 * statement shares rare key phrases with the older one; "I moved to Lisbon." after "I
 * live in Berlin." shares none. Here, where the embeddings are, a short user statement
 * also supersedes an older statement of the same speaker whose embedding is very close
 * ({@code updateSimilarity}) when the two name different values of one kind (a place, a
 * name, a number, a date): close meaning says "the same attribute", the changed value
 * says "a new value", and neither alone is enough (measured on the LoCoMo dev pair:
 * similarity alone marks restatements and small talk).
 */
@Component
class UpdatesByMeaning {

    /**
     * Longer turns are about several things at once: their closeness says little about
     * one attribute.
     */
    static final int MAX_WORDS = 40;

    /** The nearest older statements looked at per new one. */
    static final int NEAREST = 5;

    // The speaker's older user turns are selected through the B-tree first (an exact scan
    // of one conversation, as the search does), then ordered by distance.
    private static final String NEAREST_OLDER = """
            WITH older AS MATERIALIZED (
                SELECT memory_id, text, embedding FROM memory_chunks
                WHERE tenant_id = ? AND conversation_id = ? AND last_sequence < ? AND conversation_uid = ?
                  AND kind = 'turn' AND role = 'user' AND speaker IS NOT DISTINCT FROM ?
            )
            SELECT memory_id, text, 1 - (embedding <=> ?) AS similarity FROM older
            ORDER BY embedding <=> ? LIMIT ?
            """;

    private static final String ADD_SUPERSEDED = """
            UPDATE memory_chunks SET supersedes = ARRAY(SELECT DISTINCT unnest(supersedes || ?::uuid[]))
            WHERE memory_id = ? AND tenant_id = ? AND NOT supersedes @> ?::uuid[]
            """;

    private final JdbcTemplate jdbc;

    private final double minSimilarity;

    UpdatesByMeaning(JdbcTemplate jdbc, RetrievalProperties properties) {
        this.jdbc = jdbc;
        this.minSimilarity = properties.updateSimilarity();
    }

    /**
     * Marks what the given turn supersedes by meaning, in the transaction that wrote it
     * (its older turns, of this batch too, are in the table already).
     * @return the memories it was found to supersede (none when it is no candidate)
     */
    List<UUID> mark(MemoryRecorded turn, float[] embedding) {
        if (this.minSimilarity >= 1 || embedding == null || !isCandidate(turn)) {
            return List.of();
        }
        PGvector vector = new PGvector(embedding);
        Set<UUID> superseded = new LinkedHashSet<>();
        this.jdbc.query(NEAREST_OLDER, rs -> {
            if (rs.getDouble("similarity") >= this.minSimilarity
                    && StatedValues.changed(rs.getString("text"), turn.text())) {
                superseded.add(rs.getObject("memory_id", UUID.class));
            }
        }, turn.tenantId(), turn.conversationId(), turn.firstSequence(), turn.conversationUid(), turn.speaker(), vector,
                vector, NEAREST);
        superseded.removeAll(turn.supersedes());
        if (!superseded.isEmpty()) {
            SqlArrayValue ids = new SqlArrayValue("uuid", superseded.toArray());
            this.jdbc.update(ADD_SUPERSEDED, ids, turn.memoryId(), turn.tenantId(), ids);
        }
        return new ArrayList<>(superseded);
    }

    /**
     * A short statement of the user that names a value: a question states nothing, and a
     * statement without a value cannot change one.
     */
    static boolean isCandidate(MemoryRecorded turn) {
        String text = turn.text();
        return "user".equals(turn.role()) && ("turn".equals(turn.kind()) || turn.kind() == null) && text != null
                && !text.contains("?") && text.strip().split("\\s+").length <= MAX_WORDS
                && StatedValues.namesAValue(text);
    }

}
