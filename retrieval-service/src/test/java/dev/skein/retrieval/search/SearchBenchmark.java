package dev.skein.retrieval.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pgvector.PGvector;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.retrieval.AbstractRetrievalIT;
import dev.skein.retrieval.embedding.Embedder;
import dev.skein.retrieval.indexing.MemoryIndexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A benchmark, not a test: prints embedding time per turn, search latency inside a conversation of
 * about 1,000 turns, and evidence recall@10 on the LoCoMo development conversations. Runs only when
 * asked for: {@code ./mvnw -B -pl retrieval-service verify -Dit.test=SearchBenchmark -Dtest=None
 * -Dsurefire.failIfNoSpecifiedTests=false} (data: -Dlocomo=path, default ../../shared/data/...).
 */
class SearchBenchmark extends AbstractRetrievalIT {

    private static final Pattern DIA_ID = Pattern.compile("D(\\d+):0*(\\d+)");

    @Autowired
    private Embedder embedder;

    @Autowired
    private MemoryIndexer indexer;

    @Autowired
    private MemorySearch search;

    @Autowired
    private JdbcTemplate jdbcTemplate;

    @Test
    void measure() {
        Path data = Path.of(System.getProperty("locomo", "../../shared/data/locomo-dev/locomo-dev.json"));
        assumeTrue(Files.exists(data), "no LoCoMo data at " + data.toAbsolutePath());
        List<Conversation> conversations = load(data);

        // 1. Embedding time per turn ("speaker: text").
        List<Turn> all = conversations.stream().flatMap(c -> c.turns().stream()).toList();
        for (int i = 0; i < 30; i++) {
            this.embedder.embedMemory(all.get(i).speaker(), all.get(i).text());
        }
        double[] embed = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            long t0 = System.nanoTime();
            this.embedder.embedMemory(all.get(i).speaker(), all.get(i).text());
            embed[i] = (System.nanoTime() - t0) / 1e6;
        }
        print("embed one turn (ms)", embed);

        // 2. Evidence recall@10, each LoCoMo conversation indexed as its own conversation.
        int gold = 0;
        int foundDense = 0;
        int foundLexical = 0;
        int foundHybrid = 0;
        int foundTsRank = 0;
        int foundHybridTsRank = 0;
        for (Conversation conversation : conversations) {
            String tenant = "bench-" + UUID.randomUUID();
            Map<UUID, String> diaIds = index(tenant, conversation.sampleId(), conversation.turns());
            for (Qa qa : conversation.qa()) {
                MemorySearch.Rankings rankings = this.search.rankings(tenant, conversation.sampleId(), qa.question(), 10,
                        MemorySearch.ALL_SEQUENCES);
                Set<String> dense = ids(rankings.dense(), diaIds);
                Set<String> lexical = ids(rankings.lexical(), diaIds);
                Set<String> hybrid = new HashSet<>();
                this.search.search(tenant, conversation.sampleId(), qa.question(), 10, MemorySearch.ALL_SEQUENCES)
                        .forEach(hit -> hybrid.addAll(hit.externalIds()));
                List<UUID> tsRankRanking = tsRankCd(tenant, conversation.sampleId(), qa.question(), 50);
                List<UUID> denseRanking = this.search.rankings(tenant, conversation.sampleId(), qa.question(), 50,
                        MemorySearch.ALL_SEQUENCES).dense();
                Set<String> tsRank = ids(tsRankRanking, diaIds);
                Set<String> hybridTsRank = ids(ReciprocalRankFusion.fuse(List.of(denseRanking, tsRankRanking), 60, 10)
                        .stream().map(ReciprocalRankFusion.Fused::memoryId).toList(), diaIds);
                for (String evidence : qa.evidence()) {
                    foundTsRank += tsRank.contains(evidence) ? 1 : 0;
                    foundHybridTsRank += hybridTsRank.contains(evidence) ? 1 : 0;
                    gold++;
                    foundDense += dense.contains(evidence) ? 1 : 0;
                    foundLexical += lexical.contains(evidence) ? 1 : 0;
                    foundHybrid += hybrid.contains(evidence) ? 1 : 0;
                }
            }
        }
        System.out.printf("BENCH evidence recall@10 (categories 1-4, %d gold turns): dense %.1f%%, lexical BM25 %.1f%%, "
                + "hybrid RRF %.1f%%%n", gold, 100.0 * foundDense / gold, 100.0 * foundLexical / gold,
                100.0 * foundHybrid / gold);
        System.out.printf("BENCH evidence recall@10 with ts_rank_cd(tsv, q, 1) as the lexical arm instead: lexical %.1f%%, "
                + "hybrid RRF %.1f%%%n", 100.0 * foundTsRank / gold, 100.0 * foundHybridTsRank / gold);

        // 3. Search latency inside one conversation of about 1,000 turns.
        List<Turn> thousand = new ArrayList<>(all);
        thousand.addAll(conversations.get(0).turns().subList(0, 1000 - all.size()));
        String tenant = "bench-" + UUID.randomUUID();
        long t0 = System.nanoTime();
        index(tenant, "thousand", thousand);
        System.out.printf("BENCH index %d turns (embed + upsert, batches of 100): %.1f ms per turn%n", thousand.size(),
                (System.nanoTime() - t0) / 1e6 / thousand.size());
        List<String> questions = conversations.stream().flatMap(c -> c.qa().stream()).map(Qa::question).toList();
        for (int i = 0; i < 50; i++) {
            this.search.search(tenant, "thousand", questions.get(i), 10, MemorySearch.ALL_SEQUENCES);
        }
        int runs = 400;
        double[] total = new double[runs];
        double[] queryEmbed = new double[runs];
        for (int i = 0; i < runs; i++) {
            String question = questions.get(i % questions.size());
            long s0 = System.nanoTime();
            this.embedder.embedQuery(question);
            queryEmbed[i] = (System.nanoTime() - s0) / 1e6;
            long s1 = System.nanoTime();
            assertThat(this.search.search(tenant, "thousand", question, 10, MemorySearch.ALL_SEQUENCES)).hasSize(10);
            total[i] = (System.nanoTime() - s1) / 1e6;
        }
        print("embed one query (ms)", queryEmbed);
        print("hybrid search, 1,000 turns, top 10, incl. query embedding (ms)", total);
        double[] sql = new double[runs];
        for (int i = 0; i < runs; i++) {
            sql[i] = Math.max(0, total[i] - queryEmbed[i]);
        }
        print("  of which SQL + fusion, estimated (ms)", sql);

        float[] vector = this.embedder.embedQuery(questions.get(0));
        String words = OrQuery.of(questions.get(0)).orElseThrow();
        System.out.println("BENCH plan of the hybrid statement:");
        this.jdbcTemplate.query("EXPLAIN (ANALYZE, COSTS OFF) " + MemorySearch.HYBRID,
                rs -> {
                    System.out.println("BENCH   " + rs.getString(1));
                }, words, words, new PGvector(vector), tenant, "thousand", Long.MAX_VALUE, 50, 50);
    }

    /** The lexical ranking the service used before BM25, kept here for comparison. */
    private List<UUID> tsRankCd(String tenant, String conversationId, String question, int limit) {
        String words = OrQuery.of(question).orElse(null);
        if (words == null) {
            return List.of();
        }
        return this.jdbcTemplate.queryForList("""
                SELECT memory_id FROM memory_chunks, to_tsquery('english', ?) AS q
                WHERE tenant_id = ? AND conversation_id = ? AND tsv @@ q
                ORDER BY ts_rank_cd(tsv, q, 1) DESC, last_sequence DESC LIMIT ?
                """, UUID.class, words, tenant, conversationId, limit);
    }

    private Map<UUID, String> index(String tenant, String conversationId, List<Turn> turns) {
        UUID uid = UUID.randomUUID();
        Map<UUID, String> diaIds = new HashMap<>();
        List<MemoryRecorded> batch = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            UUID memoryId = UUID.randomUUID();
            diaIds.put(memoryId, turn.diaId());
            batch.add(new MemoryRecorded(UUID.randomUUID(), Instant.now(), tenant, conversationId, uid, memoryId,
                    "turn", "user", turn.speaker(), turn.text(), List.of(UUID.randomUUID()), List.of(turn.diaId()),
                    i + 1, i + 1, Instant.now()));
            if (batch.size() == 100 || i == turns.size() - 1) {
                this.indexer.index(batch);
                batch.clear();
            }
        }
        return diaIds;
    }

    private static Set<String> ids(List<UUID> memoryIds, Map<UUID, String> diaIds) {
        Set<String> ids = new HashSet<>();
        memoryIds.stream().limit(10).forEach(id -> ids.add(diaIds.get(id)));
        return ids;
    }

    private static void print(String what, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("BENCH %s: n=%d p50 %.2f p90 %.2f p99 %.2f mean %.2f%n", what, sorted.length,
                percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
                Arrays.stream(sorted).average().orElse(0));
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static List<Conversation> load(Path data) {
        List<Conversation> conversations = new ArrayList<>();
        for (JsonNode sample : JSON.readTree(data.toFile())) {
            JsonNode conversation = sample.get("conversation");
            List<Turn> turns = new ArrayList<>();
            for (int session = 1; conversation.has("session_" + session); session++) {
                for (JsonNode turn : conversation.get("session_" + session)) {
                    turns.add(new Turn(turn.get("speaker").asString(), turn.get("dia_id").asString(),
                            turn.get("text").asString()));
                }
            }
            List<Qa> qa = new ArrayList<>();
            for (JsonNode question : sample.get("qa")) {
                int category = question.get("category").asInt();
                if (category >= 1 && category <= 4) {
                    List<String> evidence = new ArrayList<>();
                    for (JsonNode id : question.get("evidence")) {
                        for (String part : id.asString().split(";")) {
                            Matcher matcher = DIA_ID.matcher(part.trim());
                            if (matcher.matches()) {
                                evidence.add("D" + matcher.group(1) + ":" + matcher.group(2));
                            }
                        }
                    }
                    qa.add(new Qa(question.get("question").asString(), evidence));
                }
            }
            conversations.add(new Conversation(sample.get("sample_id").asString(), turns, qa));
        }
        return conversations;
    }

    private record Turn(String speaker, String diaId, String text) {
    }

    private record Qa(String question, List<String> evidence) {
    }

    private record Conversation(String sampleId, List<Turn> turns, List<Qa> qa) {
    }
}
