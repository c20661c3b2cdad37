package dev.skein.retrieval;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.contracts.MemoryRecorded;

import static org.assertj.core.api.Assertions.assertThat;

/** Indexing from the real broker and the memory:search / index calls. */
class SearchIT extends AbstractRetrievalIT {

    @Test
    void findsATurnByMeaningWithoutASharedWord() {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);

        Response response = search("Does she have a dog?", 3);

        assertThat(response.status()).isEqualTo(200);
        JsonNode top = response.body().get("results").get(0);
        MemoryRecorded puppy = turns.get((int) Conversations.PUPPY - 1);
        assertThat(top.get("memoryId").asString()).isEqualTo(puppy.memoryId().toString());
        assertThat(top.get("text").asString()).isEqualTo(puppy.text());
        assertThat(top.get("kind").asString()).isEqualTo("turn");
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

        // The same event twice, then one more turn: once it is indexed the redeliveries were handled.
        publish(puppy);
        publish(puppy);
        index(List.of(turn(13, "Caroline", "See you on Friday then!")));

        assertThat(this.jdbc.sql("SELECT count(*) FROM memory_chunks WHERE memory_id = ?")
                .param(puppy.memoryId()).query(Long.class).single()).isEqualTo(1);
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

    private static void assertProblem(Response response, String type) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("type").asString()).isEqualTo("https://skein.dev/problems/" + type);
    }
}
