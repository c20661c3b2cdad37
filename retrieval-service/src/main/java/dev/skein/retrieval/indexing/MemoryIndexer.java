package dev.skein.retrieval.indexing;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import com.pgvector.PGvector;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.embedding.TurnText;
import dev.skein.embedding.Vectors;
import dev.skein.retrieval.RetrievalProperties;
import dev.skein.retrieval.embedding.Embedder;
import dev.skein.platform.tokens.TokenCounter;

/**
 * Writes memory chunks into the index: embeds them, upserts them on their memory id (a
 * redelivery changes nothing) and advances the watermark of their conversation.
 * <p>
 * The chats' memories and an import's come on two topics, each indexed by a consumer of
 * its own ({@link MemoryRecordedListener}), so that a chat's new turns are not queued
 * behind the thousands of memories of an import keyed to the same partition. The
 * watermark keeps both: how far the index got ({@code last_sequence}) and how far with
 * the imports ({@code imported_through}), which the chats' topic announces
 * ({@link MemoryRecorded#announcesImport()}) so that the index is not taken to be through
 * an import it has not indexed ({@link IndexWatermarks}).
 */
@Component
public class MemoryIndexer {

    private static final Logger log = LoggerFactory.getLogger(MemoryIndexer.class);

    // A conflicting row is rewritten only when the memory really changed (a redelivery
    // would
    // otherwise add a dead tuple and new HNSW/GIN entries each time), and never across
    // tenants. A chunk goes into the HNSW graph when its conversation is in it
    // (LongConversationGraph; the watermark is read under the conversation's lock, which
    // the move takes too), and never leaves it.
    private static final String UPSERT = """
            INSERT INTO memory_chunks (memory_id, tenant_id, conversation_id, conversation_uid, kind, role,
                speaker, text, external_ids, message_ids, first_sequence, last_sequence, created_at,
                token_count, embedding, embedding_model, key_phrases, supersedes, in_graph)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                coalesce((SELECT in_graph FROM index_watermarks WHERE conversation_uid = ?), false))
            ON CONFLICT (memory_id) DO UPDATE SET kind = EXCLUDED.kind, role = EXCLUDED.role,
                speaker = EXCLUDED.speaker, text = EXCLUDED.text, external_ids = EXCLUDED.external_ids,
                message_ids = EXCLUDED.message_ids, first_sequence = EXCLUDED.first_sequence,
                last_sequence = EXCLUDED.last_sequence, created_at = EXCLUDED.created_at,
                token_count = EXCLUDED.token_count, embedding = EXCLUDED.embedding,
                embedding_model = EXCLUDED.embedding_model, key_phrases = EXCLUDED.key_phrases,
                supersedes = EXCLUDED.supersedes, in_graph = memory_chunks.in_graph OR EXCLUDED.in_graph,
                indexed_at = now()
            WHERE memory_chunks.tenant_id = EXCLUDED.tenant_id
              AND memory_chunks.conversation_uid = EXCLUDED.conversation_uid
              AND (memory_chunks.kind, memory_chunks.role, memory_chunks.speaker, memory_chunks.text,
                   memory_chunks.external_ids, memory_chunks.message_ids, memory_chunks.first_sequence,
                   memory_chunks.last_sequence, memory_chunks.created_at, memory_chunks.embedding_model,
                   memory_chunks.key_phrases, memory_chunks.supersedes)
                  IS DISTINCT FROM
                  (EXCLUDED.kind, EXCLUDED.role, EXCLUDED.speaker, EXCLUDED.text, EXCLUDED.external_ids,
                   EXCLUDED.message_ids, EXCLUDED.first_sequence, EXCLUDED.last_sequence, EXCLUDED.created_at,
                   EXCLUDED.embedding_model, EXCLUDED.key_phrases, EXCLUDED.supersedes)
            """;

    private static final String ADVANCE_WATERMARK = """
            INSERT INTO index_watermarks (conversation_uid, tenant_id, conversation_id, last_sequence, indexed,
                imported_through)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (conversation_uid) DO UPDATE
            SET last_sequence = greatest(index_watermarks.last_sequence, EXCLUDED.last_sequence),
                indexed = index_watermarks.indexed + EXCLUDED.indexed,
                imported_through = greatest(index_watermarks.imported_through, EXCLUDED.imported_through),
                updated_at = now()
            RETURNING indexed, in_graph
            """;

    // An import announced: its range joins the one still awaited, or starts a new one
    // when the imports announced before are indexed. It moves no other column: its
    // memories do.
    private static final String ANNOUNCE_IMPORT = """
            INSERT INTO index_watermarks (conversation_uid, tenant_id, conversation_id, last_sequence, indexed,
                import_from, import_through)
            VALUES (?, ?, ?, 0, 0, ?, ?)
            ON CONFLICT (conversation_uid) DO UPDATE
            SET import_from = CASE WHEN index_watermarks.imported_through >= index_watermarks.import_through
                                   THEN EXCLUDED.import_from
                                   ELSE least(index_watermarks.import_from, EXCLUDED.import_from) END,
                import_through = greatest(index_watermarks.import_through, EXCLUDED.import_through),
                updated_at = now()
            """;

    // The turn just before a turn, for its context embedding: already indexed (same
    // partition, in
    // order), found through the B-tree (tenant, conversation, last_sequence).
    private static final String PREVIOUS_TURN = """
            SELECT speaker, text, last_sequence, created_at FROM memory_chunks
            WHERE tenant_id = ? AND conversation_id = ? AND last_sequence < ? AND conversation_uid = ?
              AND kind = 'turn'
            ORDER BY last_sequence DESC LIMIT 1
            """;

    // The turns' vectors of a window or a summary, by sequence, when they are not in the
    // batch; this model's only (during a reindex after a model change older turns have
    // the other's)
    private static final String TURN_VECTORS = """
            SELECT embedding::text FROM memory_chunks
            WHERE tenant_id = ? AND conversation_id = ? AND conversation_uid = ? AND kind = 'turn'
              AND last_sequence = ANY(?) AND embedding IS NOT NULL AND embedding_model = ?
            """;

    /** The longest span of sequences pooled from its turns' vectors ({@link #isSpan}). */
    static final int MAX_POOLED_SPAN = 64;

    private final Embedder embedder;

    private final TokenCounter tokens;

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final Duration contextGap;

    private final int contextWords;

    private final boolean keyPhraseKeys;

    private final IndexStatistics statistics;

    private final UpdatesByMeaning updates;

    private final EmbeddingWorkers workers;

    private final LongConversationGraph graph;

    private final Timer embedding;

    private final Timer lag;

    /**
     * Memories of the batches in hand not embedded yet (the chats' consumer and the
     * imports' index at the same time).
     */
    private final AtomicInteger queued = new AtomicInteger();

    MemoryIndexer(Embedder embedder, TokenCounter tokens, JdbcTemplate jdbc, TransactionTemplate transactions,
            RetrievalProperties properties, IndexStatistics statistics, UpdatesByMeaning updates,
            EmbeddingWorkers workers, LongConversationGraph graph, MeterRegistry meters) {
        this.graph = graph;
        this.statistics = statistics;
        this.workers = workers;
        this.updates = updates;
        this.embedding = Timer.builder("skein.embedding")
            .description("Time to embed one memory for the index")
            .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                    Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                    Duration.ofSeconds(1))
            .register(meters);
        // This instance's view: each instance indexes the partitions it was assigned.
        this.lag = Timer.builder("skein.index.lag")
            .description("From a memory recorded by the memory-service to searchable here")
            .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                    Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5))
            .register(meters);
        Gauge.builder("skein.embedding.queue", this.queued, AtomicInteger::get)
            .description("Memories of the batch in hand waiting to be embedded")
            .register(meters);
        this.embedder = embedder;
        this.contextGap = properties.contextGap();
        this.contextWords = properties.contextWords();
        this.keyPhraseKeys = properties.keyPhraseKeys();
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Indexes a batch of the chats' events (and announcements of imports); returns how
     * many chunks were new to the index.
     */
    public int index(List<MemoryRecorded> events) {
        return index(events, false);
    }

    /**
     * Indexes a batch of events; returns how many chunks were new to the index.
     * @param imported whether they are an import's memories
     * ({@code memory.memory-imported.v1})
     */
    public int index(List<MemoryRecorded> events, boolean imported) {
        // Last one wins when a batch holds the same memory twice (a redelivery, an
        // update).
        Map<UUID, MemoryRecorded> byMemory = new LinkedHashMap<>();
        List<MemoryRecorded> announced = new ArrayList<>();
        for (MemoryRecorded event : events) {
            if (!hasIdentity(event)) {
                continue;
            }
            if (event.announcesImport()) {
                announced.add(event);
            }
            else {
                byMemory.put(event.memoryId(), event);
            }
        }
        if (byMemory.isEmpty()) {
            if (!announced.isEmpty()) {
                this.transactions.executeWithoutResult(status -> write(List.of(), announced, imported));
            }
            return 0;
        }
        long started = System.nanoTime();
        // Embedding is the slow part (milliseconds per chunk): keep it outside the
        // transaction.
        List<Chunk> chunks = new ArrayList<>(byMemory.size());
        Map<String, Turn> turnsOfBatch = new HashMap<>();
        for (MemoryRecorded event : byMemory.values()) {
            if (isTurn(event) && hasText(event)) {
                turnsOfBatch.put(key(event.conversationUid(), event.lastSequence()), Turn.of(event));
            }
        }
        // a memory indexed as it is keeps its vectors: the upsert would not write new
        // ones
        Map<UUID, IndexedVectors.Stored> unchanged = IndexedVectors.unchanged(this.jdbc,
                byMemory.values().stream().filter(MemoryIndexer::hasText).toList(), this.embedder.modelName());
        // the contexts first, here (they may read the index), then the model on the
        // workers
        List<Callable<Chunk>> tasks = new ArrayList<>(byMemory.size());
        List<MemoryRecorded> spans = new ArrayList<>();
        AtomicInteger left = new AtomicInteger(byMemory.size());
        for (MemoryRecorded event : byMemory.values()) {
            IndexedVectors.Stored stored = unchanged.get(event.memoryId());
            if (stored != null) {
                tasks.add(() -> {
                    embeddedOne(left);
                    return new Chunk(event, stored.embedding(), this.updates.statement(event, stored.statement()),
                            this.tokens.count(event.text()));
                });
                continue;
            }
            if (isSpan(event) && hasText(event)) {
                // pooled from its turns' vectors once they are known, below
                spans.add(event);
                continue;
            }
            String context = hasText(event) ? context(event, turnsOfBatch) : null;
            tasks.add(() -> {
                float[] embedding = hasText(event)
                        ? this.embedding.record(() -> this.embedder.embedMemory(context, event.speaker(), keyed(event)))
                        : null;
                float[] statement = hasText(event) ? this.updates.statement(event) : null;
                embeddedOne(left);
                return new Chunk(event, embedding, statement, this.tokens.count(event.text()));
            });
        }
        this.queued.addAndGet(byMemory.size());
        long prepared = System.nanoTime();
        try {
            EmbeddingWorkers.Lane lane = imported ? EmbeddingWorkers.Lane.IMPORTS : EmbeddingWorkers.Lane.CHATS;
            chunks.addAll(this.workers.all(tasks, lane));
            chunks.addAll(this.workers.all(spanTasks(spans, chunks, left), lane));
        }
        finally {
            // what a failed batch left is not waiting any more
            this.queued.addAndGet(-left.getAndSet(0));
        }
        long embedded = System.nanoTime();
        Integer added = this.transactions.execute(status -> write(chunks, announced, imported));
        int count = added == null ? 0 : added;
        // where a batch's time went, for an operator asking why an import is slow
        log.debug("Indexed {} new of {} memories: {} ms to read contexts, {} ms to embed, {} ms to write", count,
                byMemory.size(), (prepared - started) / 1_000_000, (embedded - prepared) / 1_000_000,
                (System.nanoTime() - embedded) / 1_000_000);
        this.statistics.added(count);
        Instant searchable = Instant.now();
        for (MemoryRecorded event : byMemory.values()) {
            if (event.occurredAt() != null && event.occurredAt().isBefore(searchable)) {
                this.lag.record(Duration.between(event.occurredAt(), searchable));
            }
        }
        return count;
    }

    /**
     * The vector of a window or a summary is the mean of its turns' vectors, each of
     * which holds the end of the turn before it: the same words without a model pass of
     * their own (a summary's pass read 150 words and more). A turn the index does not
     * hold (an extractive reply, which is not indexed) adds nothing to it, as it adds
     * nothing to a search; a span none of whose turns is indexed is embedded.
     */
    private List<Callable<Chunk>> spanTasks(List<MemoryRecorded> spans, List<Chunk> embedded, AtomicInteger left) {
        if (spans.isEmpty()) {
            return List.of();
        }
        Map<String, float[]> turnVectors = new HashMap<>();
        for (Chunk chunk : embedded) {
            if (isTurn(chunk.event()) && chunk.embedding() != null) {
                turnVectors.put(key(chunk.event().conversationUid(), chunk.event().lastSequence()), chunk.embedding());
            }
        }
        List<Callable<Chunk>> tasks = new ArrayList<>(spans.size());
        for (MemoryRecorded span : spans) {
            float[] pooled = pooled(span, turnVectors);
            tasks.add(() -> {
                float[] embedding = pooled != null ? pooled
                        : this.embedding.record(() -> this.embedder.embedMemory(null, span.speaker(), keyed(span)));
                embeddedOne(left);
                return new Chunk(span, embedding, null, this.tokens.count(span.text()));
            });
        }
        return tasks;
    }

    /** One memory of a batch whose count is {@code left} is embedded. */
    private void embeddedOne(AtomicInteger left) {
        if (left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            this.queued.decrementAndGet();
        }
    }

    private float[] pooled(MemoryRecorded span, Map<String, float[]> turnVectors) {
        List<float[]> vectors = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (long sequence = span.firstSequence(); sequence <= span.lastSequence(); sequence++) {
            float[] vector = turnVectors.get(key(span.conversationUid(), sequence));
            if (vector == null) {
                missing.add(sequence);
            }
            else {
                vectors.add(vector);
            }
        }
        if (!missing.isEmpty()) {
            this.jdbc.query(TURN_VECTORS, rs -> {
                vectors.add(IndexedVectors.vector(rs.getString(1)));
            }, span.tenantId(), span.conversationId(), span.conversationUid(),
                    new SqlArrayValue("bigint", missing.toArray()), this.embedder.modelName());
        }
        return vectors.isEmpty() ? null : Vectors.normalize(Vectors.sum(vectors));
    }

    private int write(List<Chunk> chunks, List<MemoryRecorded> announced, boolean imported) {
        Set<UUID> uids = new HashSet<>();
        chunks.forEach(chunk -> uids.add(chunk.event().conversationUid()));
        ConversationLocks.lock(this.jdbc, uids);
        Set<UUID> announcing = new HashSet<>();
        announced.forEach(event -> announcing.add(event.conversationUid()));
        ConversationLocks.lockImports(this.jdbc, announcing);
        uids.addAll(announcing);
        Set<UUID> erased = new HashSet<>(this.jdbc.queryForList(
                "SELECT conversation_uid FROM erased_conversations WHERE conversation_uid = ANY(?)", UUID.class,
                new SqlArrayValue("uuid", uids.toArray())));
        for (MemoryRecorded event : announced) {
            if (!erased.contains(event.conversationUid())) {
                this.jdbc.update(ANNOUNCE_IMPORT, event.conversationUid(), event.tenantId(), event.conversationId(),
                        event.firstSequence(), event.lastSequence());
            }
        }
        Map<UUID, Set<UUID>> deleted = MemoryDeletions.deletedMessages(this.jdbc, uids);
        Map<UUID, Map<UUID, Long>> corrected = CorrectedMessages.revisions(this.jdbc, uids);
        CorrectedMessages.record(this.jdbc, chunks.stream()
            .map(Chunk::event)
            .filter(event -> !erased.contains(event.conversationUid()) && !MemoryDeletions.holdsDeleted(event, deleted))
            .toList(), corrected);
        List<Chunk> kept = new ArrayList<>(chunks.size());
        for (Chunk chunk : chunks) {
            if (erased.contains(chunk.event().conversationUid())) {
                log.info("Dropped memory {} of erased conversation {}", chunk.event().memoryId(),
                        chunk.event().conversationUid());
            }
            else if (MemoryDeletions.holdsDeleted(chunk.event(), deleted)) {
                // recorded before a deletion, arrived after it: not indexed, but it still
                // moves the watermark like a memory without text
                log.debug("Dropped memory {}: it holds a deleted message", chunk.event().memoryId());
                kept.add(new Chunk(chunk.event(), null, null, chunk.tokenCount()));
            }
            else if (CorrectedMessages.isStale(chunk.event(), corrected)) {
                // built from a turn's text older than its correction: the same
                log.debug("Dropped memory {}: it holds a turn's text from before its correction",
                        chunk.event().memoryId());
                kept.add(new Chunk(chunk.event(), null, null, chunk.tokenCount()));
            }
            else {
                kept.add(chunk);
            }
        }
        if (kept.isEmpty()) {
            return 0;
        }
        // A memory without text has nothing to index, but it still moves the watermark: a
        // search
        // waiting to read its writes must not wait for a chunk that will never come.
        List<Chunk> searchable = kept.stream().filter(chunk -> chunk.embedding() != null).toList();
        Set<UUID> existing = new HashSet<>(this.jdbc.queryForList(
                "SELECT memory_id FROM memory_chunks WHERE memory_id = ANY(?)", UUID.class,
                new SqlArrayValue("uuid", searchable.stream().map(chunk -> chunk.event().memoryId()).toArray())));
        if (!searchable.isEmpty()) {
            this.jdbc.batchUpdate(UPSERT, new ChunkSetter(searchable, this.embedder.modelName()));
            // after the upsert, which writes the memory-service's marks (by shared key
            // phrases): the older turns of this batch are in the table now
            for (Chunk chunk : searchable) {
                this.updates.mark(chunk.event(), chunk.statement());
            }
        }

        Map<UUID, Watermark> watermarks = new TreeMap<>();
        for (Chunk chunk : kept) {
            MemoryRecorded event = chunk.event();
            watermarks.merge(event.conversationUid(),
                    new Watermark(event, event.lastSequence(),
                            chunk.embedding() == null || existing.contains(event.memoryId()) ? 0 : 1),
                    Watermark::merge);
        }
        int added = 0;
        for (Watermark watermark : watermarks.values()) {
            MemoryRecorded event = watermark.event();
            this.jdbc.query(ADVANCE_WATERMARK,
                    (RowCallbackHandler) rs -> this.graph.indexed(event.tenantId(), event.conversationId(),
                            event.conversationUid(), rs.getLong("indexed"), rs.getBoolean("in_graph")),
                    event.conversationUid(), event.tenantId(), event.conversationId(), watermark.lastSequence(),
                    watermark.added(), imported ? watermark.lastSequence() : 0);
            added += watermark.added();
        }
        return added;
    }

    /**
     * The end of the turn said just before this one ({@link TurnText#context}), when it
     * is the adjacent sequence and was said less than {@code contextGap} earlier (the
     * same session); null otherwise.
     */
    private String context(MemoryRecorded event, Map<String, Turn> turnsOfBatch) {
        if (!isTurn(event) || event.firstSequence() <= 0) {
            return null;
        }
        long previousSequence = event.firstSequence() - 1;
        Turn previous = turnsOfBatch.get(key(event.conversationUid(), previousSequence));
        if (previous == null) {
            List<Turn> found = this.jdbc.query(PREVIOUS_TURN,
                    (rs, row) -> new Turn(rs.getString("speaker"), rs.getString("text"), rs.getLong("last_sequence"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant()),
                    event.tenantId(), event.conversationId(), event.firstSequence(), event.conversationUid());
            previous = found.isEmpty() ? null : found.get(0);
        }
        if (previous == null || previous.lastSequence() != previousSequence) {
            return null;
        }
        Instant at = createdAt(event);
        Duration gap = Duration.between(previous.createdAt(), at).abs();
        return gap.compareTo(this.contextGap) < 0
                ? TurnText.context(previous.speaker(), previous.text(), this.contextWords) : null;
    }

    /**
     * The text embedded for a memory: a turn's key phrases follow it as extra keys when
     * enabled.
     */
    String keyed(MemoryRecorded event) {
        if (!this.keyPhraseKeys || event.keyPhrases().isEmpty()) {
            return event.text();
        }
        return event.text() + "\n(" + String.join(", ", event.keyPhrases()) + ")";
    }

    private static boolean isTurn(MemoryRecorded event) {
        return event.kind() == null || event.kind().isBlank() || "turn".equals(event.kind());
    }

    /**
     * A memory over a span of turns short enough to pool: a window or a segment's summary
     * (a segment is at most {@code SKEIN_SEGMENT_MAX_TURNS}, 40, messages). A
     * conversation's summary spans all of it, which would read every turn's vector: it is
     * embedded from its text.
     */
    private static boolean isSpan(MemoryRecorded event) {
        return ("window".equals(event.kind()) || "summary".equals(event.kind()))
                && event.lastSequence() - event.firstSequence() < MAX_POOLED_SPAN;
    }

    private static boolean hasText(MemoryRecorded event) {
        return event.text() != null && !event.text().isBlank();
    }

    private static String key(UUID conversationUid, long sequence) {
        return conversationUid + "/" + sequence;
    }

    static Instant createdAt(MemoryRecorded event) {
        return event.createdAt() != null ? event.createdAt()
                : event.occurredAt() != null ? event.occurredAt() : Instant.now();
    }

    static String kind(MemoryRecorded event) {
        return event.kind() == null || event.kind().isBlank() ? "turn" : event.kind();
    }

    static Array textArray(Connection connection, List<String> values) throws SQLException {
        List<String> list = values == null ? List.of() : values.stream().filter(v -> v != null).toList();
        return connection.createArrayOf("text", list.toArray());
    }

    static Array uuidArray(Connection connection, List<UUID> values) throws SQLException {
        List<UUID> list = values == null ? List.of() : values.stream().filter(v -> v != null).toList();
        return connection.createArrayOf("uuid", list.toArray());
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant != null ? instant : Instant.now(), ZoneOffset.UTC);
    }

    private static boolean hasIdentity(MemoryRecorded event) {
        boolean valid = event.memoryId() != null && event.conversationUid() != null && event.tenantId() != null
                && event.conversationId() != null;
        if (!valid) {
            log.warn("Skipped memory event {}: it lacks a memory or conversation id", event.eventId());
        }
        return valid;
    }

    private record Turn(String speaker, String text, long lastSequence, Instant createdAt) {

        static Turn of(MemoryRecorded event) {
            return new Turn(event.speaker(), event.text(), event.lastSequence(), MemoryIndexer.createdAt(event));
        }
    }

    /**
     * @param embedding null for a memory without text
     * @param statement the bare embedding of a statement that may update an older one,
     * else null
     */
    private record Chunk(MemoryRecorded event, float[] embedding, float[] statement, int tokenCount) {
    }

    private record Watermark(MemoryRecorded event, long lastSequence, int added) {

        Watermark merge(Watermark other) {
            return new Watermark(this.event, Math.max(this.lastSequence, other.lastSequence), this.added + other.added);
        }
    }

    private static final class ChunkSetter implements BatchPreparedStatementSetter {

        private final List<Chunk> chunks;

        private final String model;

        ChunkSetter(List<Chunk> chunks, String model) {
            this.chunks = chunks;
            this.model = model;
        }

        @Override
        public void setValues(PreparedStatement ps, int i) throws SQLException {
            Chunk chunk = this.chunks.get(i);
            MemoryRecorded event = chunk.event();
            Connection connection = ps.getConnection();
            ps.setObject(1, event.memoryId());
            ps.setString(2, event.tenantId());
            ps.setString(3, event.conversationId());
            ps.setObject(4, event.conversationUid());
            ps.setString(5, kind(event));
            ps.setString(6, event.role());
            ps.setString(7, event.speaker());
            ps.setString(8, event.text());
            ps.setArray(9, textArray(connection, event.externalIds()));
            ps.setArray(10, uuidArray(connection, event.messageIds()));
            ps.setLong(11, event.firstSequence());
            ps.setLong(12, event.lastSequence());
            ps.setObject(13, timestamp(createdAt(event)));
            ps.setInt(14, chunk.tokenCount());
            // A vector object, never text cast to vector: after five executions
            // PostgreSQL switches a
            // prepared statement to a generic plan that re-parses a text vector for every
            // row.
            ps.setObject(15, new PGvector(chunk.embedding()));
            ps.setString(16, this.model);
            ps.setArray(17, textArray(connection, event.keyPhrases()));
            ps.setArray(18, uuidArray(connection, event.supersedes()));
            ps.setObject(19, event.conversationUid());
        }

        @Override
        public int getBatchSize() {
            return this.chunks.size();
        }

    }

}
