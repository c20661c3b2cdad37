package dev.skein.retrieval.indexing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.pgvector.PGvector;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.MemorySuperseded;
import dev.skein.platform.kafka.EventPublisher;
import dev.skein.retrieval.RetrievalProperties;
import dev.skein.retrieval.embedding.Embedder;

/**
 * Knowledge updates found by meaning. The memory-service marks an update when the newer
 * statement shares rare key phrases with the older one; "I moved to Lisbon." after "I
 * live in Berlin." shares none. Here, where the embedding model is, a short user
 * statement that names a value is also embedded bare, and supersedes an older such
 * statement of the same speaker whose bare embedding is very close
 * ({@code updateSimilarity}) when the two name different values of one kind (a place, a
 * name, a number, a date): close meaning says "the same attribute", the changed value
 * says "a new value", and neither alone is enough. The search embedding is no measure for
 * this: it holds the previous turn of the session, which makes any two statements of one
 * session alike. The marks also go to the memory-service ({@link MemorySuperseded}, once
 * the write committed), whose memory view and user facts show what is superseded.
 */
@Component
class UpdatesByMeaning {

    /**
     * Longer turns are about several things at once: their closeness says little about
     * one attribute.
     */
    static final int MAX_WORDS = 25;

    /** The nearest older statements looked at per new one. */
    static final int NEAREST = 5;

    // The speaker's older statements are selected through the B-tree first (an exact scan
    // of one conversation, as the search does), then ordered by distance.
    private static final String NEAREST_OLDER = """
            WITH older AS MATERIALIZED (
                SELECT memory_id, text, statement_embedding FROM memory_chunks
                WHERE tenant_id = ? AND conversation_id = ? AND last_sequence < ? AND conversation_uid = ?
                  AND statement_embedding IS NOT NULL AND speaker IS NOT DISTINCT FROM ?
            )
            SELECT memory_id, text, 1 - (statement_embedding <=> ?) AS similarity FROM older
            ORDER BY statement_embedding <=> ? LIMIT ?
            """;

    private static final String STATEMENT = """
            UPDATE memory_chunks SET statement_embedding = ? WHERE memory_id = ? AND tenant_id = ?
            """;

    private static final String ADD_SUPERSEDED = """
            UPDATE memory_chunks SET supersedes = ARRAY(SELECT DISTINCT unnest(supersedes || ?::uuid[]))
            WHERE memory_id = ? AND tenant_id = ? AND NOT supersedes @> ?::uuid[]
            """;

    private final Embedder embedder;

    private final JdbcTemplate jdbc;

    private final double minSimilarity;

    private final EventPublisher publisher;

    UpdatesByMeaning(Embedder embedder, JdbcTemplate jdbc, RetrievalProperties properties, EventPublisher publisher) {
        this.embedder = embedder;
        this.publisher = publisher;
        this.jdbc = jdbc;
        this.minSimilarity = properties.updateSimilarity();
    }

    /**
     * The statement's own embedding, bare, when the turn is a candidate (embedded before
     * the write's transaction, like the search embedding); null otherwise.
     */
    float[] statement(MemoryRecorded turn) {
        return this.minSimilarity < 1 && isCandidate(turn) ? this.embedder.embedStatement(turn.text().strip()) : null;
    }

    /**
     * As {@link #statement(MemoryRecorded)}, with the bare embedding the index stored for
     * this turn when it has one (the same text: the same vector).
     */
    float[] statement(MemoryRecorded turn, float[] stored) {
        if (stored == null) {
            return statement(turn);
        }
        return this.minSimilarity < 1 && isCandidate(turn) ? stored : null;
    }

    /**
     * Stores a candidate's statement embedding and marks what it supersedes by meaning,
     * in the transaction that wrote it (its older turns, of this batch too, are in the
     * table already).
     * @param statement from {@link #statement}; null: nothing to do
     * @return the memories it was found to supersede
     */
    List<UUID> mark(MemoryRecorded turn, float[] statement) {
        if (statement == null) {
            return List.of();
        }
        PGvector vector = new PGvector(statement);
        this.jdbc.update(STATEMENT, vector, turn.memoryId(), turn.tenantId());
        Set<UUID> superseded = new LinkedHashSet<>();
        // Only the nearest older statement that qualifies: an update replaces one earlier
        // value of the attribute, and that one links to the values before it. Marking
        // every close statement made a run of templated lines ("Message 7: remember the
        // code …") supersede each other by the hundred.
        this.jdbc.query(NEAREST_OLDER, rs -> {
            if (superseded.isEmpty() && rs.getDouble("similarity") >= this.minSimilarity
                    && StatedValues.changed(rs.getString("text"), turn.text())) {
                superseded.add(rs.getObject("memory_id", UUID.class));
            }
        }, turn.tenantId(), turn.conversationId(), turn.firstSequence(), turn.conversationUid(), turn.speaker(), vector,
                vector, NEAREST);
        superseded.removeAll(turn.supersedes());
        if (!superseded.isEmpty()) {
            SqlArrayValue ids = new SqlArrayValue("uuid", superseded.toArray());
            this.jdbc.update(ADD_SUPERSEDED, ids, turn.memoryId(), turn.tenantId(), ids);
            announce(new MemorySuperseded(UUID.randomUUID(), Instant.now(), turn.tenantId(), turn.conversationId(),
                    turn.conversationUid(), turn.memoryId(), List.copyOf(superseded)));
        }
        return new ArrayList<>(superseded);
    }

    /**
     * Publishes the marks once the write that found them committed. A failed publish
     * fails the batch after the commit, so Kafka delivers it again: the redelivered write
     * finds the same nearest older statement and publishes it again (the memory-service
     * applies it once). A mark is found again on every delivery, not only the first,
     * which is what makes this at-least-once without an outbox here.
     */
    private void announce(MemorySuperseded event) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            this.publisher.publish(event);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                UpdatesByMeaning.this.publisher.publish(event);
            }
        });
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
