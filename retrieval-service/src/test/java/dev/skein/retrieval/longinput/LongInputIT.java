package dev.skein.retrieval.longinput;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.skein.retrieval.AbstractRetrievalIT;
import dev.skein.platform.tokens.TokenCounter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A 20,000-token document with one planted fact, searched through the internal API. */
class LongInputIT extends AbstractRetrievalIT {

    @Autowired
    private TokenCounter tokenCounter;

    @Value("${skein.retrieval.long-input.max-chars}")
    private int maxChars;

    private static final String FACT = "The secret launch code of the Orion project is 7391.";

    /**
     * Shares no word with the documents: no sentence is pre-selected, so the whole text
     * is embedded, which takes far longer than the deadlines below.
     */
    private static final String UNMATCHED_QUESTION = "Quelle devise choisir?";

    private static final String[] SUBJECTS = { "The committee", "A farmer", "The old bridge", "Our neighbour",
            "The river", "A small bakery", "The orchestra", "The village school", "A travelling merchant",
            "The lighthouse keeper" };

    private static final String[] VERBS = { "discussed", "repaired", "painted", "visited", "described", "ignored",
            "celebrated", "measured", "photographed", "remembered" };

    private static final String[] OBJECTS = { "the autumn harvest", "a broken fence", "the morning fog",
            "the annual festival", "a stack of letters", "the northern road", "a quiet garden", "the winter market",
            "an empty warehouse", "the town hall clock" };

    private static final String[] ENDINGS = { "before noon", "after the storm", "with great care", "in silence",
            "for the third time", "without much interest", "on a rainy Tuesday", "as the sun set" };

    @Test
    void findsAFactPlantedInATwentyThousandTokenDocument() {
        String document = document();

        Response response = post("/internal/tenants/" + this.tenant + "/long-input:search", JSON
            .writeValueAsString(Map.of("question", "What is the launch code of the Orion project?", "text", document)));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.get("documentTokens").asInt()).isGreaterThanOrEqualTo(20_000);
        assertThat(body.get("windows").asInt()).isGreaterThanOrEqualTo(20);
        JsonNode best = body.get("evidence").get(0);
        assertThat(best.get("text").asString()).isEqualTo(FACT);
        int tokens = 0;
        for (JsonNode evidence : body.get("evidence")) {
            assertThat(document.substring(evidence.get("start").asInt(), evidence.get("end").asInt()))
                .isEqualTo(evidence.get("text").asString());
            tokens += this.tokenCounter.count(evidence.get("text").asString());
        }
        assertThat(best.get("score").asDouble()).isGreaterThan(body.get("evidence").get(1).get("score").asDouble());
        assertThat(tokens).isLessThanOrEqualTo(300);
    }

    @Test
    void findsAFactAskedInOtherWordsBesideADistractorInALongText() {
        String needle = "The spare key to Marguerite's boathouse is taped under the third step of the cellar stairs.";
        String distractor = "Marguerite repainted her boathouse a pale shade of green last spring.";
        String document = document(this.maxChars - 1000, Map.of(300, distractor, 2500, needle));

        Response response = post("/internal/tenants/" + this.tenant + "/long-input:search", JSON.writeValueAsString(
                Map.of("question", "Where did Marguerite hide the extra key for her boathouse?", "text", document)));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.body();
        // far more sentences than are embedded: the lexical pre-selection chose the
        // candidates
        assertThat(body.get("documentTokens").asInt()).isGreaterThan(30_000);
        assertThat(body.get("evidence").get(0).get("text").asString()).isEqualTo(needle);
    }

    @Test
    void invalidRequestsAreProblems() {
        Response response = post("/internal/tenants/" + this.tenant + "/long-input:search",
                "{\"question\":\"q\",\"text\":\"t\",\"windowTokens\":10}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("type").asString()).isEqualTo("https://skein.dev/problems/validation");
    }

    @Test
    void aTextOverTheLimitIsTooLarge() {
        Response response = post("/internal/tenants/" + this.tenant + "/long-input:search",
                JSON.writeValueAsString(Map.of("question", "q", "text", "t".repeat(this.maxChars + 1))));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body().get("type").asString()).isEqualTo("https://skein.dev/problems/payload-too-large");
    }

    @Test
    void aSearchStopsWhenTheCallersTimeoutHasPassed() {
        long started = System.nanoTime();

        Response response = post("/internal/tenants/" + this.tenant + "/long-input:search", JSON
            .writeValueAsString(Map.of("question", UNMATCHED_QUESTION, "text", document(), "timeoutMillis", 200)));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.body().get("type").asString()).isEqualTo("https://skein.dev/problems/deadline-exceeded");
        // the whole document takes tens of seconds: it stopped within a sentence or two
        // of the deadline
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aSecondSearchWhileOneRunsIsRefusedNotQueued() throws Exception {
        String path = "/internal/tenants/" + this.tenant + "/long-input:search";
        CompletableFuture<Response> running = CompletableFuture.supplyAsync(() -> post(path, JSON
            .writeValueAsString(Map.of("question", UNMATCHED_QUESTION, "text", document(), "timeoutMillis", 10_000))));
        // a short search that comes before the long one has started is answered (200):
        // asked again until the long one runs, it must be refused, not queued behind it
        String shortSearch = JSON.writeValueAsString(Map.of("question", "q", "text", "Short text."));
        AtomicReference<Response> refused = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response second = post(path, shortSearch);
            refused.set(second);
            return second.status() != 200;
        });
        Response second = refused.get();

        assertThat(second.status()).isEqualTo(429);
        assertThat(second.body().get("type").asString()).isEqualTo("https://skein.dev/problems/rate-limited");
        assertThat(running.get(30, TimeUnit.SECONDS).status()).isIn(200, 503);
        assertThat(post(path, JSON.writeValueAsString(Map.of("question", "q", "text", "Short text."))).status())
            .isEqualTo(200);
    }

    private static String document() {
        return document(20_000 * 6, Map.of(1400, FACT));
    }

    /**
     * Filler sentences up to {@code chars}, with the planted ones before the numbered
     * sentence.
     */
    private static String document(int chars, Map<Integer, String> planted) {
        Random random = new Random(42);
        StringBuilder text = new StringBuilder();
        int sentences = 0;
        while (text.length() < chars) {
            if (planted.containsKey(sentences)) {
                text.append(planted.get(sentences)).append(' ');
            }
            text.append(SUBJECTS[random.nextInt(SUBJECTS.length)])
                .append(' ')
                .append(VERBS[random.nextInt(VERBS.length)])
                .append(' ')
                .append(OBJECTS[random.nextInt(OBJECTS.length)])
                .append(' ')
                .append(ENDINGS[random.nextInt(ENDINGS.length)])
                .append(". ");
            if (++sentences % 12 == 0) {
                text.append("\n\n");
            }
        }
        return text.toString();
    }

}
