package dev.skein.retrieval.search;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import com.pgvector.PGvector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.transaction.PlatformTransactionManager;

import dev.skein.embedding.Vectors;
import dev.skein.retrieval.AbstractRetrievalIT;
import dev.skein.retrieval.RetrievalProperties;
import dev.skein.retrieval.embedding.Embedder;
import dev.skein.retrieval.indexing.IndexWatermarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The candidate search of a long conversation (sign-bit scan, rare-word matches, a
 * sample) on 400 rows with the exact scan limited to 100, against the exact scan of the
 * same rows: the planted best match still ranks first, and a conversation within the
 * limit is scanned exactly.
 */
class LongConversationIT extends AbstractRetrievalIT {

    private static final int ROWS = 400;

    private static final long PLANTED = 137;

    private static final String[] COMMON = { "we", "talked", "about", "the", "weekend", "and", "work", "again",
            "coffee", "plans", "friends", "later" };

    @Autowired
    private JdbcTemplate jdbcTemplate;

    @Autowired
    private RetrievalProperties properties;

    @Autowired
    private IndexWatermarks watermarks;

    @Autowired
    private PlatformTransactionManager transactions;

    @Autowired
    private QueryEmbeddings queryEmbeddings;

    private final Random random = new Random(5);

    private float[] planted;

    private UUID plantedId;

    private final Set<UUID> annIds = new HashSet<>();

    @BeforeEach
    void writeConversation() {
        for (long sequence = 1; sequence <= ROWS; sequence++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                text.append(COMMON[this.random.nextInt(COMMON.length)]).append(' ');
            }
            float[] vector = randomUnit();
            String speaker = "Bob";
            if (sequence == PLANTED) {
                text.append("our trip to zanzibar");
                this.planted = vector;
            }
            if (sequence % 10 == 0) {
                // a common name (10% of the rows): it brings no candidates of its own
                speaker = "Ann";
            }
            UUID id = row(sequence, speaker, text.toString().trim(), vector);
            if (sequence == PLANTED) {
                this.plantedId = id;
            }
            if (speaker.equals("Ann")) {
                this.annIds.add(id);
            }
        }
        this.jdbc.sql("""
                INSERT INTO index_watermarks (conversation_uid, tenant_id, conversation_id, last_sequence, indexed)
                VALUES (?, ?, ?, ?, ?)""")
            .params(this.conversationUid, this.tenant, this.conversation, ROWS, ROWS)
            .update();
    }

    @Test
    void thePlantedBestMatchRanksFirstInTheCandidateSearch() {
        // near the planted row, and its one rare word
        float[] query = Vectors.normalize(add(this.planted, randomUnit(), 0.3f));

        List<SearchHit> hits = search(100, 1.0).search(query("what about the trip to zanzibar"), query);

        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).memoryId()).isEqualTo(this.plantedId);
        List<SearchHit> exact = search(ROWS, 1.0).search(query("what about the trip to zanzibar"), query);
        assertThat(exact.get(0).memoryId()).isEqualTo(this.plantedId);
    }

    @Test
    void aRareWordAloneFindsItsRowAmongTheCandidates() {
        // a query vector unrelated to every row: only the lexical arm can find it
        List<SearchHit> hits = search(100, 1.0).search(query("zanzibar"), randomUnit());

        assertThat(hits.get(0).memoryId()).isEqualTo(this.plantedId);
    }

    @Test
    void aConversationWithinTheLimitIsScannedExactly() {
        // A boost of 10 z for Ann's turns: the exact scan ranks them all first, while the
        // candidate search only ranks candidates (the few of Ann's turns among the ten
        // dense ones; her name is too common to bring any).
        float[] query = Vectors.normalize(add(this.planted, randomUnit(), 0.3f));

        List<SearchHit> exact = search(ROWS, 10.0).search(query("what did ann say"), query);
        List<SearchHit> candidates = search(ROWS - 1, 10.0).search(query("what did ann say"), query);

        assertThat(exact).hasSize(5).allMatch(hit -> this.annIds.contains(hit.memoryId()));
        assertThat(candidates).hasSize(5).anyMatch(hit -> !this.annIds.contains(hit.memoryId()));
    }

    @Test
    void theUpdatesLookUpByIdDoesNotReadTheConversation() {
        // a later turn that supersedes the planted one and another turn, and the ids a
        // search asks about (not the other turn)
        UUID update = row(ROWS + 1, "Bob", "our trip to zanzibar is off", randomUnit());
        UUID notAsked = this.annIds.iterator().next();
        supersede(update, this.plantedId, notAsked);
        // bound as the search binds them, so the statements run as they are
        SqlArrayValue ids = new SqlArrayValue("uuid", this.plantedId, update);

        Object[] parameters = MemorySearch.updatesParameters(ids, this.tenant, this.conversation,
                MemorySearch.ALL_SEQUENCES);
        String updates = plan(MemorySearch.UPDATES, parameters);

        // by the inverted index on supersedes, not by the conversation's B-tree (which
        // reads all of its rows whatever the ids)
        assertThat(updates).contains("memory_chunks_supersedes_gin_idx").doesNotContain("conversation_bits_idx");
        // written through at once: no pending list that every look-up would read until a
        // vacuum
        assertThat(this.jdbcTemplate.queryForObject(
                "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'memory_chunks_supersedes_gin_idx'",
                String.class))
            .contains("fastupdate=off");
        // and the statement still answers, for the asked turns only: the planted turn,
        // superseded by the update
        assertThat(this.jdbcTemplate.queryForList(MemorySearch.UPDATES, parameters)).singleElement()
            .satisfies(
                    row -> assertThat(row).containsEntry("older", this.plantedId).containsEntry("memory_id", update));
    }

    @Test
    void theStepsOfAnUpdateChainAreOneStatement() {
        // the planted turn updated, that update updated, and that one again: one step
        // each
        UUID first = row(ROWS + 1, "Bob", "our trip to zanzibar moved to july", randomUnit());
        UUID second = row(ROWS + 2, "Bob", "our trip to zanzibar moved to august", randomUnit());
        UUID third = row(ROWS + 3, "Bob", "our trip to zanzibar is off", randomUnit());
        UUID beyond = row(ROWS + 4, "Bob", "our trip to zanzibar is on again", randomUnit());
        supersede(first, this.plantedId);
        supersede(second, first);
        supersede(third, second);
        supersede(beyond, third);

        List<Map<String, Object>> rows = this.jdbcTemplate.queryForList(MemorySearch.UPDATES,
                MemorySearch.updatesParameters(new SqlArrayValue("uuid", this.plantedId), this.tenant,
                        this.conversation, MemorySearch.ALL_SEQUENCES));

        assertThat(rows).extracting(row -> row.get("step"), row -> row.get("older"), row -> row.get("memory_id"))
            .containsExactly(tuple(1, this.plantedId, first), tuple(2, first, second), tuple(3, second, third));
        // the bound holds in every step: before the third update, the chain ends at the
        // second
        assertThat(this.jdbcTemplate.queryForList(MemorySearch.UPDATES,
                MemorySearch.updatesParameters(new SqlArrayValue("uuid", this.plantedId), this.tenant,
                        this.conversation, ROWS + 3)))
            .extracting(row -> row.get("memory_id"))
            .containsExactly(first, second);
    }

    @Test
    void aTurnsNewestUpdateStaysTheOneShownWhenALaterRoundFindsAnOlderOne() {
        // the best match is a window of two turns; its first turn was updated twice (the
        // newest, and an older update that also updates the second turn's update), its
        // second turn once. None of the updates is a hit of its own.
        float[] question = randomUnit();
        float[] away = negate(question);
        UUID first = row(ROWS + 1, "Bob", "we fly out in june", away);
        UUID second = row(ROWS + 2, "Bob", "the hotel is booked", away);
        UUID window = window(ROWS + 1, ROWS + 2, "we fly out in june the hotel is booked", List.of(first, second),
                question);
        row(ROWS + 3, "Bob", "nothing much", randomUnit());
        UUID secondsUpdate = row(ROWS + 4, "Bob", "the hotel fell through", away);
        row(ROWS + 5, "Bob", "nothing much", randomUnit());
        UUID olderUpdate = row(ROWS + 6, "Bob", "we fly out in july and found a hostel", away);
        row(ROWS + 7, "Bob", "nothing much", randomUnit());
        UUID newest = row(ROWS + 8, "Bob", "we fly out in august", away);
        supersede(secondsUpdate, second);
        supersede(olderUpdate, first, secondsUpdate);
        supersede(newest, first);

        // round one asks for the window's turns and finds the newest update of each;
        // round two asks for those updates and finds the older update again, through
        // the second turn's update: it must not replace the newest as the first turn's
        List<SearchHit> hits = search(ROWS + 10, 1.0).search(query("what are the travel plans"), question);

        assertThat(hits.get(1).memoryId()).isEqualTo(window);
        assertThat(hits.get(0).memoryId()).isEqualTo(newest);
    }

    private void supersede(UUID newer, UUID... older) {
        this.jdbc.sql("UPDATE memory_chunks SET supersedes = ? WHERE memory_id = ?")
            .params(new SqlArrayValue("uuid", (Object[]) older), newer)
            .update();
    }

    private static float[] negate(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    /** The plan PostgreSQL runs the statement with, for these values. */
    private String plan(String statement, Object... values) {
        return String.join("\n",
                this.jdbcTemplate.queryForList("EXPLAIN (ANALYZE, COSTS OFF) " + statement, String.class, values));
    }

    private MemorySearch search(long exactScanMaxRows, double speakerBoost) {
        RetrievalProperties p = this.properties;
        return new MemorySearch(this.queryEmbeddings, this.jdbcTemplate,
                new RetrievalProperties(p.searchWait(), p.searchPollInterval(), p.recallIndexWait(), p.embeddingModel(),
                        p.contextGap(), p.contextWords(), p.denseWeight(), p.neighbourWeight(), p.salienceWeight(),
                        p.timeBoost(), p.keyPhraseKeys(), exactScanMaxRows, p.quantizedScanMaxRows(), 10,
                        p.updateSimilarity(), speakerBoost),
                this.watermarks, this.transactions);
    }

    private SearchQuery query(String text) {
        return new SearchQuery(this.tenant, this.conversation, text, 5, MemorySearch.ALL_SEQUENCES,
                Instant.parse("2024-06-30T00:00:00Z"), Map.of());
    }

    private UUID row(long sequence, String speaker, String text, float[] embedding) {
        UUID id = UUID.randomUUID();
        this.jdbc.sql("""
                INSERT INTO memory_chunks (memory_id, tenant_id, conversation_id, conversation_uid, kind, role, speaker,
                    text, external_ids, message_ids, first_sequence, last_sequence, created_at, token_count, embedding,
                    embedding_model)
                VALUES (?, ?, ?, ?, 'turn', 'user', ?, ?, ARRAY[?], '{}', ?, ?, ?, ?, ?, 'test')
                """)
            .params(id, this.tenant, this.conversation, this.conversationUid, speaker, text, "D1:" + sequence, sequence,
                    sequence, at(sequence), text.split(" ").length, new PGvector(embedding))
            .update();
        return id;
    }

    /** A window of the given turns. */
    private UUID window(long firstSequence, long lastSequence, String text, List<UUID> turns, float[] embedding) {
        UUID id = UUID.randomUUID();
        this.jdbc.sql("""
                INSERT INTO memory_chunks (memory_id, tenant_id, conversation_id, conversation_uid, kind, text,
                    external_ids, message_ids, first_sequence, last_sequence, created_at, token_count, embedding,
                    embedding_model)
                VALUES (?, ?, ?, ?, 'window', ?, '{}', ?, ?, ?, ?, ?, ?, 'test')
                """)
            .params(id, this.tenant, this.conversation, this.conversationUid, text,
                    new SqlArrayValue("uuid", turns.toArray()), firstSequence, lastSequence, at(lastSequence),
                    text.split(" ").length, new PGvector(embedding))
            .update();
        return id;
    }

    private static OffsetDateTime at(long sequence) {
        return OffsetDateTime.ofInstant(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC).plusMinutes(sequence);
    }

    private float[] randomUnit() {
        float[] v = new float[Embedder.DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) this.random.nextGaussian();
        }
        return Vectors.normalize(v);
    }

    private static float[] add(float[] a, float[] b, float weight) {
        float[] sum = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + weight * b[i];
        }
        return sum;
    }

}
