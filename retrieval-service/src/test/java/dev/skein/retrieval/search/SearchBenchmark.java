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
import org.springframework.jdbc.support.SqlArrayValue;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.retrieval.AbstractRetrievalIT;
import dev.skein.retrieval.embedding.Embedder;
import dev.skein.retrieval.indexing.MemoryIndexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A benchmark, not a test: prints embedding time per turn, search latency inside conversations of
 * 1,000 and 10,000 turns, and evidence recall (R@10, R@1000tk) on the LoCoMo development conversations. Runs only when
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
        System.out.printf("BENCH model %s, %d cores%n", this.embedder.modelName(),
                Runtime.getRuntime().availableProcessors());

        // 1. Embedding time per turn ("speaker: text").
        List<Turn> all = conversations.stream().flatMap(c -> c.turns().stream()).toList();
        for (int i = 0; i < 30; i++) {
            this.embedder.embedMemory(all.get(i).speaker(), all.get(i).text());
        }
        double[] embed = new double[Math.min(all.size(), 500)];
        for (int i = 0; i < embed.length; i++) {
            long t0 = System.nanoTime();
            this.embedder.embedMemory(all.get(i).speaker(), all.get(i).text());
            embed[i] = (System.nanoTime() - t0) / 1e6;
        }
        print("embed one turn (ms)", embed);

        // 2. Evidence recall, each LoCoMo conversation indexed as its own conversation: R@10 and
        // R@1000tk (whole results while the sum of ceil(chars / 4) stays within 1,000), per question.
        double recall10 = 0;
        double recallTokens = 0;
        int questions = 0;
        for (Conversation conversation : conversations) {
            String tenant = "bench-" + UUID.randomUUID();
            Map<UUID, String> diaIds = index(tenant, conversation.sampleId(), conversation.turns());
            for (Qa qa : conversation.qa()) {
                if (qa.evidence().isEmpty()) {
                    continue;
                }
                questions++;
                List<SearchHit> hits = this.search.search(SearchQuery.of(tenant, conversation.sampleId(),
                        qa.question(), 50));
                Set<String> top10 = new HashSet<>();
                hits.stream().limit(10).forEach(hit -> top10.add(diaIds.get(hit.memoryId())));
                Set<String> budget = new HashSet<>();
                int used = 0;
                for (SearchHit hit : hits) {
                    used += (Embedder.memoryText(hit.speaker(), hit.text()).length() + 3) / 4;
                    if (used > 1000) {
                        break;
                    }
                    budget.add(diaIds.get(hit.memoryId()));
                }
                Set<String> gold = new HashSet<>(qa.evidence());
                recall10 += gold.stream().filter(top10::contains).count() / (double) gold.size();
                recallTokens += gold.stream().filter(budget::contains).count() / (double) gold.size();
            }
        }
        System.out.printf("BENCH evidence recall (categories 1-4, %d questions): R@10 %.1f%%, R@1000tk %.1f%%%n",
                questions, 100 * recall10 / questions, 100 * recallTokens / questions);

        // 3. Search latency inside one conversation of 1,000 and of 10,000 turns (the 10,000 reuse
        // the 1,000 embeddings with new ids and sequences: the scan costs the same).
        List<Turn> thousand = new ArrayList<>(all.subList(0, Math.min(all.size(), 1000)));
        while (thousand.size() < 1000) {
            thousand.add(all.get(thousand.size() % all.size()));
        }
        String tenant = "bench-" + UUID.randomUUID();
        long t0 = System.nanoTime();
        index(tenant, "thousand", thousand);
        System.out.printf("BENCH index %d turns (embed + upsert, batches of 100): %.1f ms per turn%n", thousand.size(),
                (System.nanoTime() - t0) / 1e6 / thousand.size());
        this.jdbcTemplate.update("""
                INSERT INTO memory_chunks (memory_id, tenant_id, conversation_id, conversation_uid, kind, role, speaker,
                    text, external_ids, message_ids, first_sequence, last_sequence, created_at, token_count, embedding,
                    embedding_model)
                SELECT gen_random_uuid(), tenant_id, 'tenk', conversation_uid, kind, role, speaker, text,
                       ARRAY(SELECT e || '#' || k FROM unnest(external_ids) AS e),
                       message_ids, first_sequence + 1000 * k, last_sequence + 1000 * k, created_at, token_count,
                       embedding, embedding_model
                FROM memory_chunks, generate_series(0, 9) AS k
                WHERE tenant_id = ? AND conversation_id = 'thousand'
                """, tenant);
        this.jdbcTemplate.execute("ANALYZE memory_chunks");
        List<String> allQuestions = conversations.stream().flatMap(c -> c.qa().stream()).map(Qa::question).toList();
        for (String conversation : List.of("thousand", "tenk")) {
            for (int i = 0; i < 30; i++) {
                this.search.search(SearchQuery.of(tenant, conversation, allQuestions.get(i), 10));
            }
            int runs = 300;
            double[] total = new double[runs];
            double[] sql = new double[runs];
            for (int i = 0; i < runs; i++) {
                String question = allQuestions.get(i % allQuestions.size());
                long s0 = System.nanoTime();
                float[] vector = this.embedder.embedQuery(question);
                long s1 = System.nanoTime();
                assertThat(this.search.search(SearchQuery.of(tenant, conversation, question, 10), vector)).hasSize(10);
                long s2 = System.nanoTime();
                total[i] = (s2 - s0) / 1e6;
                sql[i] = (s2 - s1) / 1e6;
            }
            print("search " + conversation + " turns, top 10, incl. query embedding (ms)", total);
            print("  of which SQL (search + details) (ms)", sql);
        }

        float[] vector = this.embedder.embedQuery(allQuestions.get(0));
        String words = OrQuery.of(allQuestions.get(0)).orElseThrow();
        System.out.println("BENCH plan of the search statement (10,000 turns):");
        this.jdbcTemplate.query("EXPLAIN (ANALYZE, COSTS OFF) " + MemorySearch.SEARCH,
                rs -> {
                    System.out.println("BENCH   " + rs.getString(1));
                }, words, words, new PGvector(vector), tenant, "tenk", Long.MAX_VALUE,
                new SqlArrayValue("uuid"), new SqlArrayValue("float8"), 0.65, 0.65, null, null, 0.0, 0.2, 0.3, 20);
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
                    i + 1, i + 1, sessionTime(turn.diaId(), i), List.of(), List.of()));
            if (batch.size() == 100 || i == turns.size() - 1) {
                this.indexer.index(batch);
                batch.clear();
            }
        }
        return diaIds;
    }

    /** Sessions a day apart, turns 30 s apart, as the import of eval-locomo does. */
    private static Instant sessionTime(String diaId, int index) {
        Matcher matcher = DIA_ID.matcher(diaId);
        int session = matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
        return Instant.parse("2023-01-01T00:00:00Z").plusSeconds(86_400L * session + 30L * index);
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
                    String text = turn.get("text").asString();
                    if (turn.hasNonNull("blip_caption")) {
                        text = text + " [shares an image: " + turn.get("blip_caption").asString() + "]";
                    }
                    turns.add(new Turn(turn.get("speaker").asString(), turn.get("dia_id").asString(), text));
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
