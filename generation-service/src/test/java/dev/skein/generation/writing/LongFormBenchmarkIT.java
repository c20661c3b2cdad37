package dev.skein.generation.writing;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.Topics;
import dev.skein.contracts.WritingProgressed;
import dev.skein.contracts.WritingRequested;
import dev.skein.generation.AbstractGenerationIT;
import dev.skein.generation.writing.sections.LengthReview;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints a long-form run's target against its actual length, through Kafka, the database and the
 * fake LLM, which here misses every asked length by a seeded random share of up to ±30% (a real
 * model is no more exact), so the figures show what planning and the length review make of it.
 * A command, not a test:
 * {@code ./mvnw -B -pl generation-service verify -Dit.test=LongFormBenchmarkIT -Dtest=None
 * -Dsurefire.failIfNoSpecifiedTests=false -Dskein.bench=true}
 * ({@code -Dskein.bench.words=10000,50000 -Dskein.bench.spread=0.3} to change the runs).
 */
@EnabledIfSystemProperty(named = "skein.bench", matches = "true")
class LongFormBenchmarkIT extends AbstractGenerationIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void targetAgainstActualLength() throws Exception {
        double spread = Double.parseDouble(System.getProperty("skein.bench.spread", "0.3"));
        List<Integer> targets = List.of(System.getProperty("skein.bench.words", "2000,10000,50000").split(",")).stream()
                .map(String::strip).map(Integer::valueOf).toList();
        System.out.printf(Locale.ROOT, "long-form writing, fake LLM missing each length by up to ±%.0f%%, %d cores%n",
                spread * 100, Runtime.getRuntime().availableProcessors());
        System.out.println("target | actual | off    | sections | revised | outside ±10% | LLM calls | time");
        for (int target : targets) {
            LLM.lengthNoise(spread, target);
            String conversation = "bench-" + UUID.randomUUID();
            UUID jobId = UUID.randomUUID();
            long started = System.nanoTime();
            publish(new WritingRequested(UUID.randomUUID(), Instant.now(), "tenant-bench", conversation, jobId,
                    "A report on memory for chat products " + jobId, target), "bench");
            records(Topics.WRITING_PROGRESSED, conversation, found -> found.stream()
                    .map(record -> ((WritingProgressed) KafkaEvents.event(record)).kind())
                    .anyMatch(kind -> kind.equals("completed") || kind.equals("failed")));
            long millis = (System.nanoTime() - started) / 1_000_000;
            HttpResponse<String> response = get("/internal/tenants/tenant-bench/conversations/" + conversation
                    + "/writings/" + jobId);
            JsonNode job = JSON.readTree(response.body());
            assertThat(job.path("status").asString()).isEqualTo("completed");
            int actual = job.path("actualWords").asInt();
            List<JsonNode> sections = job.path("plan").path("sections").valueStream().toList();
            long revised = sections.stream().filter(s -> s.path("reviews").size() > 1).count();
            long outside = sections.stream().filter(s -> LengthReview.judge(s.path("actualWords").asInt(),
                    s.path("targetWords").asInt()) != LengthReview.Verdict.OK).count();
            long calls = LLM.requests().stream().filter(r -> r.mentions(jobId.toString())).count();
            System.out.printf(Locale.ROOT, "%6d | %6d | %+5.1f%% | %8d | %7d | %12d | %9d | %d ms%n", target, actual,
                    (actual - target) * 100.0 / target, sections.size(), revised, outside, calls, millis);
        }
    }
}
