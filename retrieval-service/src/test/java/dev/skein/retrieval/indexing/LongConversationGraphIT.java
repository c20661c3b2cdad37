package dev.skein.retrieval.indexing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import com.pgvector.PGvector;
import dev.skein.contracts.MemoryRecorded;
import dev.skein.retrieval.AbstractRetrievalIT;
import dev.skein.retrieval.RetrievalProperties;
import dev.skein.retrieval.embedding.Embedder;
import dev.skein.retrieval.search.ConversationRanking;
import dev.skein.retrieval.search.MemorySearch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HNSW graph holds long conversations only: a chat's chunks stay out of it, a
 * conversation grown past the size the graph serves is moved into it, its later chunks
 * come in flagged, and its search reads the graph only once all of it is there.
 */
class LongConversationGraphIT extends AbstractRetrievalIT {

    private static final List<String> TEXTS = List.of("We adopted a grey kitten from the shelter on Friday.",
            "My pottery class meets every Tuesday evening downtown.", "The train to Porto was two hours late again.",
            "I finally finished the sourdough starter recipe.", "Our team won the chess tournament in Leeds.",
            "She is learning to sail on the lake this summer.");

    @Autowired
    private JdbcTemplate jdbcTemplate;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Autowired
    private RetrievalProperties properties;

    @Autowired
    private Embedder embedder;

    private final List<LongConversationGraph> graphs = new ArrayList<>();

    @Test
    void aConversationGrownPastTheScanEntersTheGraphAndItsNewChunksComeInFlagged() {
        index(turns(1));
        String other = "conv-" + UUID.randomUUID();
        UUID otherUid = UUID.randomUUID();
        index(List.of(turn(this.tenant, other, otherUid, 1, "Ana", "A chat that stays short.")));
        assertThat(flagged(this.conversationUid)).as("a chat's chunks are not in the graph").isZero();

        // a graph for conversations over 3 chunks; the service's own is for 60,000
        assertThat(graph(3).indexed(this.tenant, this.conversation, this.conversationUid, TEXTS.size(), false))
            .isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> inGraph(this.conversationUid));
        assertThat(flagged(this.conversationUid)).isEqualTo(TEXTS.size());

        // the service's indexer reads the watermark: a new chunk joins the graph at once
        MemoryRecorded later = turn(TEXTS.size() + 1, "Ben", "We booked the ferry to the islands for June.");
        indexed(later);
        assertThat(this.jdbc.sql("SELECT in_graph FROM memory_chunks WHERE memory_id = ?")
            .param(later.memoryId())
            .query(Boolean.class)
            .single()).isTrue();
        assertThat(flagged(otherUid)).as("another conversation stays out").isZero();
        assertThat(inGraph(otherUid)).isFalse();
    }

    @Test
    void onlyAConversationPastTheSizeAndNotInTheGraphIsMoved() {
        index(turns(1));
        LongConversationGraph graph = graph(TEXTS.size());
        assertThat(graph.indexed(this.tenant, this.conversation, this.conversationUid, TEXTS.size(), false))
            .as("not past the size")
            .isFalse();
        assertThat(graph.indexed(this.tenant, this.conversation, this.conversationUid, TEXTS.size() + 1, true))
            .as("in the graph already")
            .isFalse();
        assertThat(graph.indexed(this.tenant, this.conversation, this.conversationUid, TEXTS.size() + 1, false))
            .isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> inGraph(this.conversationUid));
        assertThat(graph.move(this.tenant, this.conversation, this.conversationUid)).as("a second move").isZero();
    }

    @Test
    void aLongConversationsSearchReadsTheGraphOnlyOnceAllOfItIsThere() {
        index(turns(1));
        float[] question = this.embedder.embedQuery("Which evening is the pottery class?");
        // no words and no salience: dense candidates are all a long conversation's
        // ranking
        // has, so one read from an empty graph would find nothing
        ConversationRanking.Request request = new ConversationRanking.Request(this.tenant, this.conversation,
                MemorySearch.ALL_SEQUENCES, "", question, Map.of(), null, null, List.of(), 3);
        List<UUID> exact = ids(new ConversationRanking(this.jdbcTemplate, this.transactionManager,
                new ConversationRanking.Settings(0.65, 0.1, 0.2, 0.5, 1.0, Long.MAX_VALUE, Long.MAX_VALUE, 10))
            .rank(request, new IndexWatermarks.IndexState(TEXTS.size(), TEXTS.size(), false)));
        assertThat(exact).hasSize(3);
        // a conversation over 3 chunks takes its dense candidates from the graph
        ConversationRanking ranking = new ConversationRanking(this.jdbcTemplate, this.transactionManager,
                new ConversationRanking.Settings(0.65, 0.1, 0.2, 0.5, 1.0, 2, 3, 10));

        assertThat(ids(ranking.rank(request, new IndexWatermarks.IndexState(TEXTS.size(), TEXTS.size(), false))))
            .as("from the sign bits while no chunk is in the graph")
            .isEqualTo(exact);

        graph(3).move(this.tenant, this.conversation, this.conversationUid);
        assertThat(ids(ranking.rank(request, new IndexWatermarks.IndexState(TEXTS.size(), TEXTS.size(), true))))
            .as("from the graph")
            .isEqualTo(exact);
        assertThat(denseCandidatesPlan(question)).contains("memory_chunks_graph_idx");
    }

    private static List<UUID> ids(List<ConversationRanking.Ranked> ranked) {
        return ranked.stream().map(ConversationRanking.Ranked::memoryId).toList();
    }

    private List<MemoryRecorded> turns(long firstSequence) {
        return IntStream.range(0, TEXTS.size())
            .mapToObj(i -> turn(firstSequence + i, i % 2 == 0 ? "Ana" : "Ben", TEXTS.get(i)))
            .toList();
    }

    /** A graph for conversations over {@code minRows} chunks, stopped after the test. */
    private LongConversationGraph graph(long minRows) {
        RetrievalProperties p = this.properties;
        LongConversationGraph graph = new LongConversationGraph(this.jdbcTemplate,
                new TransactionTemplate(this.transactionManager),
                new RetrievalProperties(p.searchWait(), p.searchPollInterval(), p.recallIndexWait(), p.embeddingModel(),
                        p.contextGap(), p.contextWords(), p.denseWeight(), p.neighbourWeight(), p.salienceWeight(),
                        p.timeBoost(), p.keyPhraseKeys(), p.exactScanMaxRows(), minRows, p.denseCandidates(),
                        p.updateSimilarity(), p.speakerBoost()));
        this.graphs.add(graph);
        return graph;
    }

    @AfterEach
    void stopGraphs() {
        this.graphs.forEach(LongConversationGraph::stop);
    }

    private long flagged(UUID conversationUid) {
        return this.jdbc.sql("SELECT count(*) FROM memory_chunks WHERE conversation_uid = ? AND in_graph")
            .param(conversationUid)
            .query(Long.class)
            .single();
    }

    private boolean inGraph(UUID conversationUid) {
        return this.jdbc
            .sql("SELECT coalesce(bool_or(in_graph), false) FROM index_watermarks WHERE conversation_uid = ?")
            .param(conversationUid)
            .query(Boolean.class)
            .single();
    }

    /** The plan of the graph's statement as the ranking runs it. */
    private String denseCandidatesPlan(float[] question) {
        return new TransactionTemplate(this.transactionManager).execute(status -> {
            this.jdbcTemplate.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
            this.jdbcTemplate.execute("SET LOCAL enable_sort = off");
            return String.join("\n",
                    this.jdbcTemplate.queryForList("EXPLAIN (COSTS OFF) " + ConversationRanking.DENSE_HNSW,
                            String.class, this.tenant, this.conversation, MemorySearch.ALL_SEQUENCES,
                            new PGvector(question), 10));
        });
    }

}
