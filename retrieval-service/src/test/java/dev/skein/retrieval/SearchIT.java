package dev.skein.retrieval;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.pgvector.PGvector;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.Topics;
import dev.skein.embedding.Vectors;
import dev.skein.retrieval.embedding.Embedder;
import dev.skein.retrieval.indexing.IndexStatistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Indexing from the real broker and the memory:search / index calls. */
class SearchIT extends AbstractRetrievalIT {

    @Autowired
    private Embedder embedder;

    @Autowired
    private IndexStatistics statistics;

    @Test
    void findsATurnByMeaningWithoutASharedWord() {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);

        Response response = search("Does she have a dog?", 3);

        assertThat(response.status()).isEqualTo(200);
        MemoryRecorded puppy = turns.get((int) Conversations.PUPPY - 1);
        // The puppy turn, or the turn right after it (embedded with the puppy turn as its
        // context and
        // smoothed towards it), ranks first; the puppy turn is then second.
        List<JsonNode> results = response.body().get("results").valueStream().toList();
        int rank = indexOf(results, puppy.memoryId().toString());
        assertThat(rank).isBetween(0, 1);
        if (rank == 1) {
            assertThat(results.get(0).get("lastSequence").asLong()).isEqualTo(Conversations.PUPPY + 1);
        }
        JsonNode top = results.get(rank);
        assertThat(top.get("memoryId").asString()).isEqualTo(puppy.memoryId().toString());
        assertThat(top.get("text").asString()).isEqualTo(puppy.text());
        assertThat(top.get("kind").asString()).isEqualTo("turn");
        assertThat(top.get("speaker").asString()).isEqualTo("Caroline");
        assertThat(top.get("externalIds").get(0).asString()).isEqualTo("D1:3");
        assertThat(top.get("messageIds").get(0).asString()).isEqualTo(puppy.messageIds().get(0).toString());
        assertThat(top.get("firstSequence").asLong()).isEqualTo(3);
        assertThat(top.get("lastSequence").asLong()).isEqualTo(3);
        assertThat(top.get("createdAt").asString()).isEqualTo(puppy.createdAt().toString());
        assertThat(top.get("score").asDouble()).isPositive();
        assertThat(response.body().get("results").size()).isEqualTo(3);
        assertThat(response.body().get("indexedThrough").asLong()).isEqualTo(12);
        assertThat(response.body().get("consistent").asBoolean()).isTrue();
    }

    @Test
    void aTurnIsEmbeddedWithTheEndOfThePreviousTurnOfTheSameSession() {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);
        MemoryRecorded race = turns.get(1);
        MemoryRecorded puppy = turns.get(2);
        // Three hours later: another session, so no context.
        MemoryRecorded later = new MemoryRecorded(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, UUID.randomUUID(), "turn", "user", "Melanie", "Good morning!",
                List.of(UUID.randomUUID()), List.of("D2:1"), 13, 13, turns.get(11).createdAt().plusSeconds(3 * 3600),
                List.of(), List.of());
        index(List.of(later));

        // its last 8 words (TurnText.CONTEXT_WORDS): "Busy!" is cut
        assertThat(race.text()).startsWith("Busy! ");
        assertThat(storedEmbedding(puppy.memoryId())).containsExactly(this.embedder
            .embedMemory("Melanie: I ran a charity race on Sunday morning.", "Caroline", puppy.text()));
        assertThat(storedEmbedding(later.memoryId()))
            .containsExactly(this.embedder.embedMemory(null, "Melanie", "Good morning!"));
        assertThat(this.jdbc.sql("SELECT text FROM memory_chunks WHERE memory_id = ?")
            .param(puppy.memoryId())
            .query(String.class)
            .single()).isEqualTo(puppy.text());
        assertThat(this.jdbc.sql("SELECT embedding_model FROM memory_chunks WHERE memory_id = ?")
            .param(puppy.memoryId())
            .query(String.class)
            .single()).isEqualTo(Embedder.BGE_SMALL_Q);
    }

    @Test
    void windowsRankWithTurnsAndCoveredResultsAreDropped() {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);
        MemoryRecorded window = new MemoryRecorded(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, UUID.randomUUID(), "window", null, null,
                "Melanie: " + Conversations.TURNS[1][1] + "\nCaroline: " + Conversations.TURNS[2][1] + "\nMelanie: "
                        + Conversations.TURNS[3][1],
                List.of(), List.of("D1:2", "D1:3", "D1:4"), 2, 4, turns.get(3).createdAt(), List.of(), List.of());
        publish(window);
        await().atMost(Duration.ofSeconds(30))
            .until(() -> this.jdbc.sql("SELECT count(*) FROM memory_chunks WHERE memory_id = ?")
                .param(window.memoryId())
                .query(Long.class)
                .single() == 1);

        Response response = search("Does Caroline have a puppy dog?", 6);

        List<JsonNode> results = response.body().get("results").valueStream().toList();
        // the window, or what is left of it once a better turn shows part of it
        assertThat(results).anySatisfy(result -> {
            assertThat(result.get("kind").asString()).isIn("window", "excerpt");
            assertThat(result.get("speaker").isNull()).isTrue();
        });
        assertThat(results).hasSize(6);
        Set<String> seen = new HashSet<>();
        for (JsonNode result : results) {
            List<String> ids = result.get("externalIds").valueStream().map(JsonNode::asString).toList();
            assertThat(seen.containsAll(ids)).as("a result covered by better ones: " + ids).isFalse();
            seen.addAll(ids);
        }
        // The window holds the puppy turn: whichever ranks first, the puppy is there
        // once.
        int windowRank = indexOf(results, window.memoryId().toString());
        int puppyRank = indexOf(results, turns.get(2).memoryId().toString());
        assertThat(windowRank).isNotNegative();
        assertThat(puppyRank < 0 || puppyRank < windowRank).isTrue();
    }

    @Test
    void aWindowIsTheMeanOfTheVectorsOfItsTurnsInTheIndexAndAWindowOfNoneIsEmbedded() {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);
        MemoryRecorded pooled = window(turns, 2, 4);
        // 13 and 14 are not in the index (extractive replies, say)
        MemoryRecorded partly = new MemoryRecorded(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, UUID.randomUUID(), "window", null, null,
                "Caroline: " + Conversations.TURNS[11][1] + "\nAssistant: Noted.", List.of(), List.of("D1:12", "D1:13"),
                12, 13, turns.get(11).createdAt(), List.of(), List.of());
        MemoryRecorded none = new MemoryRecorded(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, UUID.randomUUID(), "window", null, null,
                "Assistant: Noted.\nAssistant: Anything else?", List.of(), List.of("D1:13", "D1:14"), 13, 14,
                turns.get(11).createdAt(), List.of(), List.of());
        indexed(pooled);
        indexed(partly);
        indexed(none);

        List<float[]> covered = turns.subList(1, 4).stream().map(turn -> storedEmbedding(turn.memoryId())).toList();
        assertThat(storedEmbedding(pooled.memoryId())).containsExactly(Vectors.normalize(Vectors.sum(covered)),
                within(1e-5f));
        assertThat(storedEmbedding(pooled.memoryId())).as("not the window's own pass")
            .isNotEqualTo(this.embedder.embedMemory(null, pooled.text()));
        assertThat(storedEmbedding(partly.memoryId())).containsExactly(storedEmbedding(turns.get(11).memoryId()),
                within(1e-5f));
        assertThat(storedEmbedding(none.memoryId())).containsExactly(this.embedder.embedMemory(null, none.text()),
                within(1e-5f));
    }

    @Test
    void aSegmentsSummaryIsTheMeanOfItsTurnsAndAConversationsSummaryIsEmbedded() {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);
        MemoryRecorded segment = summary(turns, "[summary] Caroline adopted a puppy; Melanie ran a race.", 1, 12);
        // a conversation's summary spans all of it: pooling would read every turn's
        // vector
        MemoryRecorded conversation = summary(turns, "[summary] Two friends catch up on their weeks.", 1, 100);
        indexed(segment);
        indexed(conversation);

        List<float[]> covered = turns.stream().map(turn -> storedEmbedding(turn.memoryId())).toList();
        assertThat(storedEmbedding(segment.memoryId())).containsExactly(Vectors.normalize(Vectors.sum(covered)),
                within(1e-5f));
        assertThat(storedEmbedding(conversation.memoryId()))
            .containsExactly(this.embedder.embedMemory(null, conversation.text()), within(1e-5f));
    }

    private MemoryRecorded summary(List<MemoryRecorded> turns, String text, long first, long last) {
        return new MemoryRecorded(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, UUID.randomUUID(), "summary", null, null, text, List.of(), List.of(), first, last,
                turns.get(turns.size() - 1).createdAt(), List.of(), List.of());
    }

    @Test
    void aKnowledgeUpdateRanksRightAboveWhatItUpdatesAndBothStay() {
        MemoryRecorded berlin = turn(1, "Caroline", "I live in Berlin, in a small flat near the park.");
        MemoryRecorded filler = turn(2, "Melanie", "Did you see the concert last night? The band was loud.");
        MemoryRecorded update = turn(3, "Caroline", "Big news: I moved to Lisbon, my flat is by the river now.");
        MemoryRecorded lisbon = withKeys(update, List.of("lisbon", "flat"), List.of(berlin.memoryId()));
        index(List.of(berlin, filler, lisbon));

        // the query's words favour the older turn; the update still comes first
        List<JsonNode> results = search("Does Caroline live in Berlin near the park?", 3).body()
            .get("results")
            .valueStream()
            .toList();
        int updateRank = indexOf(results, lisbon.memoryId().toString());
        int olderRank = indexOf(results, berlin.memoryId().toString());
        assertThat(updateRank).isNotNegative();
        assertThat(olderRank).isGreaterThan(updateRank);
        assertThat(results.get(updateRank).get("score").asDouble())
            .isGreaterThanOrEqualTo(results.get(olderRank).get("score").asDouble());
        assertThat(this.jdbc.sql("SELECT supersedes[1] FROM memory_chunks WHERE memory_id = ?")
            .param(lisbon.memoryId())
            .query(UUID.class)
            .single()).isEqualTo(berlin.memoryId());
    }

    @Test
    void anUpdateOfAnUpdateIsFollowedToTheNewestAndRanksFirst() {
        MemoryRecorded berlin = turn(1, "Caroline", "I live in Berlin, in a small flat near the park.");
        MemoryRecorded filler = turn(2, "Melanie", "Did you see the concert last night? The band was loud.");
        MemoryRecorded munich = withKeys(turn(3, "Caroline", "Big news: I moved to Munich last month."), List.of(),
                List.of(berlin.memoryId()));
        MemoryRecorded other = turn(4, "Melanie", "The weather here has been grey all week.");
        MemoryRecorded lisbon = withKeys(turn(5, "Caroline", "Another move: Lisbon is my home since May."), List.of(),
                List.of(munich.memoryId()));
        index(List.of(berlin, filler, munich, other, lisbon));

        // the query matches only the oldest; the chain Berlin -> Munich -> Lisbon brings
        // the newest above it even though neither update shares its words
        List<String> results = search("Does Caroline live in Berlin near the park?", 2).body()
            .get("results")
            .valueStream()
            .map(result -> result.get("memoryId").asString())
            .toList();
        assertThat(results).containsExactly(lisbon.memoryId().toString(), munich.memoryId().toString());
    }

    @Test
    void aStatementOfTheSameAttributeWithANewValueSupersedesWithoutASharedPhrase() {
        MemoryRecorded berlin = turn(1, "Caroline", "I live in Berlin.");
        MemoryRecorded filler = turn(2, "Melanie", "Did you see the concert last night? The band was loud.");
        MemoryRecorded other = turn(3, "Melanie", "I live in Madrid.");
        MemoryRecorded again = turn(4, "Caroline", "I still love Berlin.");
        MemoryRecorded lisbon = turn(5, "Caroline", "I moved to Lisbon.");
        // no key phrases and nothing superseded from the memory-service
        index(List.of(berlin, filler, other, again, lisbon));

        assertThat(supersedes(lisbon.memoryId())).contains(berlin.memoryId());
        // the memory-service hears of it (its view and a user's facts show the mark)
        JsonNode announced = JSON.readTree(
                awaitRecord(Topics.MEMORY_SUPERSEDED, (record) -> record.value().contains(lisbon.memoryId().toString()))
                    .value());
        assertThat(announced.get("tenantId").asString()).isEqualTo(this.tenant);
        assertThat(announced.get("conversationUid").asString()).isEqualTo(this.conversationUid.toString());
        assertThat(announced.get("supersedes").valueStream().map(JsonNode::asString))
            .containsExactly(berlin.memoryId().toString());
        // another speaker's value, the same value again: no update
        assertThat(supersedes(other.memoryId())).isEmpty();
        assertThat(supersedes(again.memoryId())).isEmpty();
        List<JsonNode> results = search("Where does Caroline live?", 5).body().get("results").valueStream().toList();
        int updateRank = indexOf(results, lisbon.memoryId().toString());
        assertThat(updateRank).isNotNegative().isLessThan(indexOf(results, berlin.memoryId().toString()));
    }

    private List<UUID> supersedes(UUID memoryId) {
        return this.jdbc.sql("SELECT unnest(supersedes) FROM memory_chunks WHERE memory_id = ?")
            .param(memoryId)
            .query(UUID.class)
            .list();
    }

    @Test
    void aWindowHoldingASupersededTurnNeverRanksAboveTheUpdate() {
        MemoryRecorded berlin = turn(1, "Caroline", "I live in Berlin, in a small flat near the park.");
        MemoryRecorded filler = turn(2, "Melanie", "Berlin parks are lovely in spring, the flat sounds nice.");
        MemoryRecorded update = turn(3, "Caroline", "Big news: I moved to Lisbon, my flat is by the river now.");
        MemoryRecorded lisbon = withKeys(update, List.of(), List.of(berlin.memoryId()));
        MemoryRecorded window = new MemoryRecorded(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, UUID.randomUUID(), "window", null, null,
                "Caroline: " + berlin.text() + "\nMelanie: " + filler.text(),
                // its own external id, so that the turns it holds do not cover it
                List.of(berlin.memoryId(), filler.memoryId()), List.of("W:1-2"), 1, 2, filler.createdAt(), List.of(),
                List.of());
        index(List.of(berlin, filler, lisbon));
        publish(window);
        await().atMost(Duration.ofSeconds(30))
            .until(() -> this.jdbc.sql("SELECT count(*) FROM memory_chunks WHERE memory_id = ?")
                .param(window.memoryId())
                .query(Long.class)
                .single() == 1);

        List<JsonNode> results = search("Berlin park flat", 5).body().get("results").valueStream().toList();

        int updateRank = indexOf(results, lisbon.memoryId().toString());
        int berlinRank = indexOf(results, berlin.memoryId().toString());
        int windowRank = indexOf(results, window.memoryId().toString());
        assertThat(updateRank).isNotNegative();
        // each turn is shown once: the window is left out when its turns rank above it, a
        // turn when its window does; the superseded one stays findable either way
        assertThat(berlinRank >= 0 || windowRank >= 0).isTrue();
        assertThat(berlinRank < 0 || updateRank < berlinRank).isTrue();
        assertThat(windowRank < 0 || updateRank < windowRank).isTrue();
    }

    @Test
    void aTurnsKeyPhrasesAreEmbeddedWithItAsExtraKeys() {
        MemoryRecorded plain = turn(1, "Caroline", "We adopted a puppy called Oscar.");
        MemoryRecorded keyed = withKeys(plain, List.of("puppy", "oscar"), List.of());
        index(List.of(keyed));

        assertThat(storedEmbedding(keyed.memoryId()))
            .containsExactly(this.embedder.embedMemory(null, "Caroline", keyed.text() + "\n(puppy, oscar)"));
        assertThat(this.jdbc.sql("SELECT text FROM memory_chunks WHERE memory_id = ?")
            .param(keyed.memoryId())
            .query(String.class)
            .single()).isEqualTo(keyed.text());
    }

    @Test
    void aBurstOfIndexingIsFollowedByAVacuumAndAnAnalyze() {
        java.sql.Timestamp before = lastAnalyze();
        java.sql.Timestamp vacuumedBefore = lastVacuum();
        index(Conversations.twelveTurns(this::turn));
        this.statistics.added(10_000);

        assertThat(this.statistics.analyzeIfDue()).isTrue();
        assertThat(this.statistics.analyzeIfDue()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            java.sql.Timestamp after = lastAnalyze();
            java.sql.Timestamp vacuumed = lastVacuum();
            return after != null && (before == null || after.after(before)) && vacuumed != null
                    && (vacuumedBefore == null || vacuumed.after(vacuumedBefore));
        });
    }

    @Test
    void theEndOfASmallerBurstIsVacuumedToo() {
        // from a vacuum, then a tenth of the threshold
        this.statistics.added(10_000);
        assertThat(this.statistics.analyzeIfDue()).isTrue();
        this.statistics.added(1_000);

        assertThat(this.statistics.analyzeIfDue()).as("first seen: the burst may go on").isFalse();
        this.statistics.added(500);
        assertThat(this.statistics.analyzeIfDue()).as("it grew since the last check").isFalse();
        assertThat(this.statistics.analyzeIfDue()).as("nothing added since: over").isTrue();
        assertThat(this.statistics.analyzeIfDue()).isFalse();
    }

    private java.sql.Timestamp lastVacuum() {
        return lastMaintenance("last_vacuum");
    }

    private java.sql.Timestamp lastAnalyze() {
        return lastMaintenance("last_analyze");
    }

    /** When memory_chunks was last vacuumed or analysed by hand (column of pg_stat). */
    private java.sql.Timestamp lastMaintenance(String column) {
        return this.jdbc
            .sql("SELECT " + column + " FROM pg_stat_user_tables WHERE schemaname = 'retrieval' "
                    + "AND relname = 'memory_chunks'")
            .query(java.sql.Timestamp.class)
            .optional()
            .orElse(null);
    }

    @Test
    void lexicalArmFindsARareName() {
        index(Conversations.twelveTurns(this::turn));

        Response response = search("What did Quixwell do?", 5);

        assertThat(texts(response).get(0)).contains("Thaddeus Quixwell");
    }

    @Test
    void tsqueryCharactersAndStopWordsDoNotBreakTheSearch() {
        index(Conversations.twelveTurns(this::turn));

        Response special = search("it's \"Caroline's\" & (puppy) | !dog <-> spring:* \\ ''", 3);
        Response stopWordsOnly = search("the and of it", 3);
        Response noWord = search("?!", 3);

        assertThat(special.status()).isEqualTo(200);
        assertThat(texts(special)).contains(Conversations.TURNS[2][1]);
        assertThat(stopWordsOnly.status()).isEqualTo(200);
        assertThat(texts(stopWordsOnly)).hasSize(3);
        assertThat(noWord.status()).isEqualTo(200);
        assertThat(texts(noWord)).hasSize(3);
    }

    @Test
    void anotherTenantSeesNothingOfTheSameConversationId() {
        index(Conversations.twelveTurns(this::turn));
        String otherTenant = "tenant-" + UUID.randomUUID();

        Response response = post(path(otherTenant, this.conversation) + "/memory:search",
                "{\"query\":\"Does she have a dog?\"}");
        Response index = get(indexPath(otherTenant, this.conversation));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("results").size()).isZero();
        assertThat(index.body().get("indexed").asLong()).isZero();
        assertThat(index.body().get("indexedThrough").asLong()).isZero();
        assertThat(texts(search("Does she have a dog?", 3))).hasSize(3);
    }

    @Test
    void aRedeliveredEventKeepsOneRow() {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);
        MemoryRecorded puppy = turns.get((int) Conversations.PUPPY - 1);

        // The same event twice, then one more turn: once it is indexed the redeliveries
        // were handled.
        publish(puppy);
        publish(puppy);
        index(List.of(turn(13, "Caroline", "See you on Friday then!")));

        assertThat(this.jdbc.sql("SELECT count(*) FROM memory_chunks WHERE memory_id = ?")
            .param(puppy.memoryId())
            .query(Long.class)
            .single()).isEqualTo(1);
        Response index = get(indexPath(this.tenant, this.conversation));
        assertThat(index.body().get("indexed").asLong()).isEqualTo(13);
        assertThat(index.body().get("indexedThrough").asLong()).isEqualTo(13);
    }

    @Test
    void aMemoryWithoutTextStillMovesTheWatermark() {
        index(Conversations.twelveTurns(this::turn));

        index(List.of(turn(13, "Caroline", "   ")));

        Response index = get(indexPath(this.tenant, this.conversation));
        assertThat(index.body().get("indexed").asLong()).isEqualTo(12);
        assertThat(index.body().get("indexedThrough").asLong()).isEqualTo(13);
    }

    @Test
    void aSearchWithAWatermarkWaitsForTheIndex() {
        // Not awaited: the search itself must wait until turn 12 is indexed.
        Conversations.twelveTurns(this::turn).forEach(this::publish);

        Response response = post(searchPath(), JSON.writeValueAsString(new SearchBody("cafe downtown", 10, "12")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("consistent").asBoolean()).isTrue();
        assertThat(response.body().get("indexedThrough").asLong()).isEqualTo(12);
        assertThat(texts(response)).hasSize(10).contains(Conversations.TURNS[11][1]);
    }

    @Test
    void aWatermarkTheIndexNeverReachesAnswersInconsistent() {
        index(Conversations.twelveTurns(this::turn));

        Response response = post(searchPath(), JSON.writeValueAsString(new SearchBody("puppy", 10, 99)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("consistent").asBoolean()).isFalse();
        assertThat(response.body().get("indexedThrough").asLong()).isEqualTo(12);
        assertThat(texts(response)).contains(Conversations.TURNS[2][1]);
    }

    @Test
    void invalidSearchesAreProblems() {
        assertProblem(post(searchPath(), "{\"query\":\"  \"}"), "validation");
        assertProblem(post(searchPath(), "{\"query\":\"dog\",\"topK\":51}"), "validation");
        assertProblem(post(searchPath(), "{\"query\":\"dog\",\"topK\":0}"), "validation");
        assertProblem(post(searchPath(), "{\"query\":\"dog\",\"watermark\":\"later\"}"), "validation");
        assertProblem(post(searchPath(), "{\"query\":"), "malformed-request");
    }

    /**
     * The turn as the memory-service announces it with key phrases and the memories it
     * supersedes.
     */
    private static MemoryRecorded withKeys(MemoryRecorded turn, List<String> keyPhrases, List<UUID> supersedes) {
        return new MemoryRecorded(turn.eventId(), turn.occurredAt(), turn.tenantId(), turn.conversationId(),
                turn.conversationUid(), turn.memoryId(), turn.kind(), turn.role(), turn.speaker(), turn.text(),
                turn.messageIds(), turn.externalIds(), turn.firstSequence(), turn.lastSequence(), turn.createdAt(),
                keyPhrases, supersedes);
    }

    private float[] storedEmbedding(UUID memoryId) {
        return this.jdbc.sql("SELECT embedding FROM memory_chunks WHERE memory_id = ?")
            .param(memoryId)
            .query((rs, row) -> new PGvector(rs.getString(1)).toArray())
            .single();
    }

    private static int indexOf(List<JsonNode> results, String memoryId) {
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).get("memoryId").asString().equals(memoryId)) {
                return i;
            }
        }
        return -1;
    }

    private static void assertProblem(Response response, String type) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("type").asString()).isEqualTo("https://skein.dev/problems/" + type);
    }

}
