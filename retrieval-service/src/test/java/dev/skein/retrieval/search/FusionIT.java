package dev.skein.retrieval.search;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pgvector.PGvector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dev.skein.retrieval.AbstractRetrievalIT;
import dev.skein.retrieval.RetrievalProperties;
import dev.skein.retrieval.embedding.Embedder;
import dev.skein.retrieval.indexing.IndexWatermarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The arithmetic of the search statement against a reference computed here: BM25,
 * z-scores over the whole conversation, the 0.65 / 0.35 fusion, the boosts and the
 * neighbour smoothing. Rows are written directly with chosen vectors and lengths, and the
 * query vector is pinned.
 */
class FusionIT extends AbstractRetrievalIT {

    private static final double IDF_KIWI = Math.log(1 + (5 - 2 + 0.5) / (2 + 0.5));

    private static final double AVERAGE_LENGTH = (1 + 1 + 3 + 1 + 1) / 5.0;

    /** {@code skein.retrieval.neighbour-weight} of application.yaml. */
    private static final double NEIGHBOUR_WEIGHT = 0.1;

    @Autowired
    private MemorySearch search;

    @Autowired
    private Embedder embedder;

    @Autowired
    private JdbcTemplate jdbcTemplate;

    @Autowired
    private RetrievalProperties properties;

    @Autowired
    private IndexWatermarks watermarks;

    @Autowired
    private PlatformTransactionManager transactions;

    @Autowired
    private ConversationSpeakers speakers;

    @Autowired
    private QueryEmbeddings queryEmbeddings;

    private final Map<Long, UUID> ids = new HashMap<>();

    @Test
    void scoresAreZFusedBm25AndCosineSmoothedOverNeighbours() {
        writeRows();
        double[] fused = fused(new double[5]);

        List<SearchHit> hits = this.search.search(query("kiwi", Map.of(), Instant.parse("2023-06-30T00:00:00Z")),
                unit(0));

        assertScores(hits, smoothed(fused));
        assertThat(hits.get(0).lastSequence()).isEqualTo(1);
    }

    @Test
    void salienceAndANamedTimeAddTheirBoostsBeforeSmoothing() {
        writeRows();
        double[] boosts = new double[5];
        boosts[3] += 0.5; // row 4 was said "yesterday"
        boosts[1] += 0.2 * 0.5; // row 2 has salience 0.5

        List<SearchHit> hits = this.search.search(
                query("kiwi yesterday", Map.of(this.ids.get(2L), 0.5), Instant.parse("2023-05-17T09:00:00Z")), unit(0));

        assertScores(hits, smoothed(fused(boosts)));
    }

    @Test
    void explainedPartsAreTheTermsTheFusionAddsUp() {
        writeRows();
        double[] dense = { 1, 0, Math.sqrt(0.5), 0, -1 };
        double[] bm25 = { bm25(1, 1), 0, bm25(2, 3), 0, 0 };
        double[] zDense = z(dense);
        double[] zLexical = z(bm25);
        double[] boosts = new double[5];
        boosts[3] += 0.5;
        boosts[1] += 0.2 * 0.5;
        double[] smoothed = smoothed(fused(boosts));

        List<MemorySearch.Explained> explained = this.search.explained(
                query("kiwi yesterday", Map.of(this.ids.get(2L), 0.5), Instant.parse("2023-05-17T09:00:00Z")), unit(0));

        assertThat(explained).hasSize(5);
        for (MemorySearch.Explained hit : explained) {
            int row = (int) hit.hit().lastSequence() - 1;
            dev.skein.contracts.internal.ScoreParts parts = hit.parts();
            assertThat(parts.fused()).isEqualTo(hit.hit().score());
            assertThat(parts.dense()).as("dense " + row).isCloseTo(0.65 * zDense[row], within(1e-5));
            assertThat(parts.lexical()).as("lexical " + row).isCloseTo(0.35 * zLexical[row], within(1e-5));
            assertThat(parts.time()).isCloseTo(row == 3 ? 0.5 : 0, within(1e-9));
            assertThat(parts.salience()).isCloseTo(row == 1 ? 0.1 : 0, within(1e-9));
            assertThat(parts.supersession()).isZero();
            assertThat(parts.neighbours()).isCloseTo(smoothed[row] - fused(boosts)[row], within(1e-5));
            assertThat(parts.dense() + parts.lexical() + parts.time() + parts.salience() + parts.supersession()
                    + parts.neighbours())
                .isCloseTo(parts.fused(), within(1e-9));
        }
    }

    @Test
    void theCandidateSearchOfALongConversationScoresAlikeWhenEveryRowIsACandidate() {
        writeRows();
        this.jdbc.sql("""
                INSERT INTO index_watermarks (conversation_uid, tenant_id, conversation_id, last_sequence, indexed)
                VALUES (?, ?, ?, 5, 5)""").params(this.conversationUid, this.tenant, this.conversation).update();
        RetrievalProperties p = this.properties;
        // every conversation is "long", and 200 dense candidates hold all five rows
        MemorySearch candidates = new MemorySearch(this.queryEmbeddings, this.jdbcTemplate,
                new RetrievalProperties(p.searchWait(), p.searchPollInterval(), p.recallIndexWait(), p.embeddingModel(),
                        p.contextGap(), p.contextWords(), p.denseWeight(), p.neighbourWeight(), p.salienceWeight(),
                        p.timeBoost(), p.keyPhraseKeys(), 0, 0, 200, p.updateSimilarity(), p.speakerBoost()),
                this.watermarks, this.transactions);
        double[] boosts = new double[5];
        boosts[1] += 0.2 * 0.5;

        List<SearchHit> hits = candidates
            .search(query("kiwi", Map.of(this.ids.get(2L), 0.5), Instant.parse("2023-06-30T00:00:00Z")), unit(0));

        assertScores(hits, smoothed(fused(boosts)));
    }

    @Test
    void theQueryIsEmbeddedWithoutTheNamesOfTheConversationsSpeakers() {
        writeRows();
        this.jdbc
            .sql("UPDATE memory_chunks SET speaker = CASE WHEN last_sequence % 2 = 1 THEN 'Caroline Smith' "
                    + "ELSE 'Mel' END WHERE tenant_id = ? AND conversation_id = ?")
            .params(this.tenant, this.conversation)
            .update();
        SearchQuery named = query("What does Caroline's friend Mel say about kiwi?", Map.of(),
                Instant.parse("2023-06-30T00:00:00Z"));

        List<SearchHit> hits = this.search.search(named);

        List<SearchHit> unnamed = this.search.search(named,
                this.embedder.embedQuery("What does friend say about kiwi?"));
        List<SearchHit> withNames = this.search.search(named, this.embedder.embedQuery(named.text()));
        assertThat(hits).hasSize(5);
        for (int i = 0; i < hits.size(); i++) {
            assertThat(hits.get(i).memoryId()).isEqualTo(unnamed.get(i).memoryId());
            assertThat(hits.get(i).score()).isCloseTo(unnamed.get(i).score(), within(1e-6));
        }
        assertThat(hits.stream().mapToDouble(SearchHit::score).sum())
            .isNotCloseTo(withNames.stream().mapToDouble(SearchHit::score).sum(), within(1e-6));
    }

    @Test
    void theSpeakersOfAConversationAreReadOnceAndForgottenOnErasure() {
        writeRows();
        this.jdbc.sql("UPDATE memory_chunks SET speaker = 'Ana' WHERE tenant_id = ? AND conversation_id = ?")
            .params(this.tenant, this.conversation)
            .update();
        assertThat(this.speakers.of(this.tenant, this.conversation)).containsExactly("Ana");
        this.jdbc.sql("UPDATE memory_chunks SET speaker = 'Rui' WHERE tenant_id = ? AND conversation_id = ?")
            .params(this.tenant, this.conversation)
            .update();

        assertThat(this.speakers.of(this.tenant, this.conversation)).as("cached").containsExactly("Ana");
        this.speakers.forget(this.tenant, this.conversation);
        assertThat(this.speakers.of(this.tenant, this.conversation)).containsExactly("Rui");
    }

    @Test
    void aLongConversationIsSampledEvenly() {
        assertThat(ConversationRanking.sample(5)).containsExactly(1L, 2L, 3L, 4L, 5L);
        Long[] sample = ConversationRanking.sample(100_000);
        assertThat(sample).hasSize(ConversationRanking.SAMPLE).isEqualTo(ConversationRanking.sample(100_000));
        for (int i = 0; i < sample.length; i++) {
            // one in each stride of 334
            assertThat(sample[i]).isBetween(1 + 334L * i, 334L * (i + 1));
        }
        assertThat(Arrays.stream(sample).filter(s -> s % 2 == 0).count()).as("even sequences").isBetween(100L, 200L);
    }

    private SearchQuery query(String text, Map<UUID, Double> salience, Instant asOf) {
        return new SearchQuery(this.tenant, this.conversation, text, 5, MemorySearch.ALL_SEQUENCES, asOf, salience);
    }

    private void assertScores(List<SearchHit> hits, double[] expected) {
        assertThat(hits).hasSize(5);
        for (SearchHit hit : hits) {
            assertThat(hit.score()).as("row " + hit.lastSequence())
                .isCloseTo(expected[(int) hit.lastSequence() - 1], within(1e-5));
        }
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.get(i - 1).score()).isGreaterThanOrEqualTo(hits.get(i).score());
        }
    }

    /**
     * Cosine similarities to the query (unit vector 0) and BM25 of "kiwi" of rows 1-5,
     * fused.
     */
    private static double[] fused(double[] boosts) {
        double[] dense = { 1, 0, Math.sqrt(0.5), 0, -1 };
        double[] bm25 = { bm25(1, 1), 0, bm25(2, 3), 0, 0 };
        double[] zDense = z(dense);
        double[] zLexical = z(bm25);
        double[] fused = new double[5];
        for (int i = 0; i < 5; i++) {
            fused[i] = 0.65 * zDense[i] + 0.35 * zLexical[i] + boosts[i];
        }
        return fused;
    }

    private static double[] smoothed(double[] fused) {
        double[] smoothed = new double[fused.length];
        for (int i = 0; i < fused.length; i++) {
            double before = i > 0 ? fused[i - 1] : Double.NEGATIVE_INFINITY;
            double after = i + 1 < fused.length ? fused[i + 1] : Double.NEGATIVE_INFINITY;
            smoothed[i] = fused[i] + NEIGHBOUR_WEIGHT * Math.max(0, Math.max(before, after));
        }
        return smoothed;
    }

    private static double bm25(double tf, double length) {
        return IDF_KIWI * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / AVERAGE_LENGTH));
    }

    private static double[] z(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v / values.length;
        }
        double variance = 0;
        for (double v : values) {
            variance += (v - mean) * (v - mean) / values.length;
        }
        double std = Math.sqrt(variance);
        double[] z = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            z[i] = std > 0 ? (values[i] - mean) / std : 0;
        }
        return z;
    }

    private void writeRows() {
        float[] between = new float[Embedder.DIMENSIONS];
        between[0] = (float) Math.sqrt(0.5);
        between[1] = (float) Math.sqrt(0.5);
        float[] opposite = unit(0);
        opposite[0] = -1;
        row(1, "kiwi", 1, unit(0), "2023-05-08T10:00:00Z");
        row(2, "mango", 1, unit(1), "2023-05-08T10:01:00Z");
        row(3, "kiwi kiwi mango", 3, between, "2023-05-08T10:02:00Z");
        row(4, "pear", 1, unit(2), "2023-05-16T10:00:00Z");
        row(5, "plum", 1, opposite, "2023-05-18T10:00:00Z");
    }

    private void row(long sequence, String text, int tokens, float[] embedding, String createdAt) {
        UUID id = UUID.randomUUID();
        this.ids.put(sequence, id);
        this.jdbc.sql("""
                INSERT INTO memory_chunks (memory_id, tenant_id, conversation_id, conversation_uid, kind, role, speaker,
                    text, external_ids, message_ids, first_sequence, last_sequence, created_at, token_count, embedding,
                    embedding_model)
                VALUES (?, ?, ?, ?, 'turn', 'user', NULL, ?, ARRAY[?], '{}', ?, ?, ?, ?, ?, 'test')
                """)
            .params(id, this.tenant, this.conversation, this.conversationUid, text, "D1:" + sequence, sequence,
                    sequence, OffsetDateTime.ofInstant(Instant.parse(createdAt), ZoneOffset.UTC), tokens,
                    new PGvector(embedding))
            .update();
    }

    private static float[] unit(int dimension) {
        float[] vector = new float[Embedder.DIMENSIONS];
        vector[dimension] = 1;
        return vector;
    }

}
