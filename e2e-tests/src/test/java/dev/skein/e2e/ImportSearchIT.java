package dev.skein.e2e;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.e2e.SkeinClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ImportSearchIT {

    private final SkeinClient client = SkeinStack.get().newTenant();

    @Test
    void importThenSearchFindsAnOldMessageByMeaningWithItsExternalId() {
        String conversation = "import-" + UUID.randomUUID();
        JsonNode imported = importHistory(conversation);
        assertThat(imported.path("imported").asInt()).isEqualTo(20);
        assertThat(imported.path("duplicates").asInt()).isZero();

        // No word of the question occurs in the stored turn ("golden retriever puppy ...
        // Biscuit").
        JsonNode results = search(conversation, "Does she own a dog?", imported.path("watermark").asString());

        assertThat(results.path("consistent").asBoolean()).isTrue();
        assertThat(topExternalIds(results, 3)).contains(Histories.PET_TURN);
        JsonNode first = results.path("results").get(0);
        assertThat(first.path("memoryId").asString()).isNotBlank();
        assertThat(first.path("createdAt").asString()).startsWith("2024-03-");
    }

    @Test
    void importingTheSameHistoryAgainStoresNothingTwice() {
        String conversation = "reimport-" + UUID.randomUUID();
        importHistory(conversation);

        JsonNode again = importHistory(conversation);

        assertThat(again.path("imported").asInt()).isZero();
        assertThat(again.path("duplicates").asInt()).isEqualTo(20);
        JsonNode status = this.client.get("/v1/conversations/" + conversation).json();
        assertThat(status.path("messages").asInt()).isEqualTo(20);
    }

    @Test
    void transcriptIsPagedInOrderWithTheOriginalTimes() {
        String conversation = "transcript-" + UUID.randomUUID();
        importHistory(conversation);

        JsonNode page1 = this.client.get("/v1/conversations/" + conversation + "/messages?limit=15").json();
        String cursor = page1.path("nextCursor").asString();
        JsonNode page2 = this.client.get("/v1/conversations/" + conversation + "/messages?limit=15&cursor=" + cursor)
            .json();

        assertThat(page1.path("messages").size()).isEqualTo(15);
        assertThat(page2.path("messages").size()).isEqualTo(5);
        assertThat(page1.path("messages").get(0).path("externalId").asString()).isEqualTo("h-01");
        assertThat(page1.path("messages").get(0).path("createdAt").asString()).startsWith("2024-03-01T10:00");
        assertThat(page2.path("messages").get(4).path("externalId").asString()).isEqualTo("h-20");
    }

    @Test
    void afterDeleteNothingOfTheConversationIsFoundAgain() {
        String conversation = "delete-" + UUID.randomUUID();
        importHistory(conversation);

        Response deleted = this.client.delete("/v1/conversations/" + conversation);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(this.client.get("/v1/conversations/" + conversation).status()).isEqualTo(404);
        assertThat(this.client
            .post("/v1/conversations/" + conversation + "/memory:search", "{\"query\":\"Does she own a dog?\"}")
            .status()).isEqualTo(404);
        // The same id used again is a new, empty conversation: the old memories do not
        // come back.
        Response reused = this.client.post("/v1/conversations/" + conversation + "/messages",
                "{\"role\":\"user\",\"content\":\"A fresh start about gardening.\",\"reply\":false}");
        assertThat(reused.status()).as(reused.body()).isEqualTo(201);
        // a search gives up waiting for its watermark after SKEIN_SEARCH_WAIT (consistent
        // false): behind a backlog of earlier tests' indexing, ask again
        String watermark = reused.json().path("watermark").asString();
        JsonNode results = await().atMost(Duration.ofSeconds(90))
            .until(() -> search(conversation, "golden retriever puppy Biscuit", watermark),
                    body -> body.path("consistent").asBoolean());
        assertThat(results.path("results").toString()).doesNotContain("Biscuit");
        assertThat(results.path("results").size()).isEqualTo(1);
    }

    @Test
    void conversationStatusCountsMessagesAndIndexedMemories() {
        String conversation = "status-" + UUID.randomUUID();
        JsonNode imported = importHistory(conversation);
        search(conversation, "anything", imported.path("watermark").asString());

        // 20 turns plus the memory bank built over them (windows, summaries), indexed a
        // little later
        JsonNode status = await().atMost(Duration.ofSeconds(30))
            .until(() -> this.client.get("/v1/conversations/" + conversation).json(),
                    body -> body.path("indexed").asInt() == body.path("memories").asInt());

        assertThat(status.path("messages").asInt()).isEqualTo(20);
        assertThat(status.path("memories").asInt()).isGreaterThan(20);
        assertThat(status.path("status").asString()).isEqualTo("ready");
        JsonNode memory = this.client.get("/v1/conversations/" + conversation + "/memory").json();
        assertThat(memory.path("flash").size()).isPositive();
    }

    @Test
    void anUpdatedFactComesFirstAndTheOldValueStaysWithItsDate() {
        String conversation = "update-" + UUID.randomUUID();
        String[][] turns = { { "user", "My locker code is 4411." }, { "assistant", "Noted, 4411." },
                { "user", "We baked sourdough bread on Sunday." }, { "assistant", "Sourdough takes patience." },
                { "user", "The marathon training starts next Monday." }, { "assistant", "Good luck with it!" },
                { "user", "Update: my locker code is 9027 now." }, { "assistant", "Got it." },
                { "user", "My sister visited us from Porto." }, { "assistant", "How was the visit?" } };
        Response imported = importTurns(conversation, null, "u", 1, turns);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);

        JsonNode results = search(conversation, "What is my locker code?", imported.json().path("watermark").asString())
            .path("results");

        int current = -1;
        int old = -1;
        for (int i = 0; i < results.size(); i++) {
            String text = results.get(i).path("text").asString();
            if (current < 0 && text.contains("9027")) {
                current = i;
            }
            if (old < 0 && text.contains("4411")) {
                old = i;
                assertThat(results.get(i).path("createdAt").asString()).startsWith("2024-05-01");
            }
        }
        assertThat(current).as(results.toString()).isNotNegative();
        assertThat(old).as(results.toString()).isGreaterThan(current);
    }

    @Test
    void aNewValueOfTheSameAttributeComesFirstWithoutASharedPhrase() {
        String conversation = "moved-" + UUID.randomUUID();
        String[][] turns = { { "user", "I live in Berlin." }, { "assistant", "Nice city." },
                { "user", "We baked sourdough bread on Sunday." }, { "assistant", "Sourdough takes patience." },
                { "user", "I moved to Lisbon." }, { "assistant", "Congratulations on the move." } };
        Response imported = importTurns(conversation, null, "m", 1, turns);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);

        JsonNode results = search(conversation, "Where do I live?", imported.json().path("watermark").asString())
            .path("results");

        // the first result is the new value; the old one (without the new) comes later
        int lisbon = -1;
        int berlin = -1;
        for (int i = 0; i < results.size(); i++) {
            String text = results.get(i).path("text").asString();
            lisbon = lisbon < 0 && text.contains("Lisbon") ? i : lisbon;
            berlin = berlin < 0 && text.contains("Berlin") && !text.contains("Lisbon") ? i : berlin;
        }
        assertThat(lisbon).as(results.toString()).isZero();
        assertThat(berlin).as(results.toString()).isGreaterThan(lisbon);
    }

    /**
     * The update found by meaning reaches the memory-service too: the memory view shows
     * "I live in Berlin." as possibly superseded by "I moved to Lisbon." at its turn, and
     * the user's durable facts no longer list it.
     */
    @Test
    void anUpdateByMeaningMarksTheOlderStatementInTheMemoryViewAndTheUsersFacts() {
        String conversation = "moved-view-" + UUID.randomUUID();
        String user = "mover-" + UUID.randomUUID();
        // six lines after the update, so both statements are archived below flash memory
        String[][] turns = { { "user", "I live in Berlin." }, { "assistant", "Nice city." },
                { "user", "We baked sourdough bread on Sunday." }, { "assistant", "Sourdough takes patience." },
                { "user", "I moved to Lisbon." }, { "assistant", "Congratulations on the move." },
                { "user", "My cat sleeps on the balcony." }, { "assistant", "Cats love the sun." },
                { "user", "Chess club meets on Fridays." }, { "assistant", "A fine habit." },
                { "user", "The tram was late this morning." }, { "assistant", "That happens." } };
        Response imported = importTurns(conversation, user, "m", 10, turns);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        String berlin = imported.json().path("messages").get(0).path("messageId").asString();
        String lisbon = imported.json().path("messages").get(4).path("messageId").asString();

        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> !facts(user).contains(berlin));

        assertThat(facts(user)).contains(lisbon);
        JsonNode older = null;
        for (JsonNode entry : this.client.get("/v1/conversations/" + conversation + "/memory")
            .json()
            .path("archived")) {
            older = entry.path("memoryId").asString().equals(berlin) ? entry : older;
        }
        assertThat(older).as("Berlin among the archived memories").isNotNull();
        assertThat(older.path("supersededBy").asString()).isEqualTo(lisbon);
        assertThat(older.path("supersededAtTurn").asLong()).isEqualTo(3);
        assertThat(older.path("note").asString()).startsWith("possibly superseded by " + lisbon);
    }

    private java.util.List<String> facts(String user) {
        Response facts = this.client.get("/v1/users/" + user + "/memory?limit=50");
        assertThat(facts.status()).as(facts.body()).isEqualTo(200);
        java.util.List<String> ids = new java.util.ArrayList<>();
        facts.json().path("facts").forEach((fact) -> ids.add(fact.path("memoryId").asString()));
        return ids;
    }

    private JsonNode importHistory(String conversation) {
        Response response = this.client.post("/v1/conversations/" + conversation + "/messages:import",
                Histories.petAndHobbies());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /**
     * Imports turns as one history: external ids {@code prefix + index}, two a day from
     * May {@code firstDay} 2024, the conversation given to {@code user} when not null.
     */
    private Response importTurns(String conversation, String user, String prefix, int firstDay, String[][] turns) {
        var messages = SkeinClient.JSON.createArrayNode();
        for (int i = 0; i < turns.length; i++) {
            messages.addObject()
                .put("role", turns[i][0])
                .put("content", turns[i][1])
                .put("externalId", prefix + i)
                .put("createdAt", String.format("2024-05-%02dT10:0%d:00Z", firstDay + i / 2, i % 2));
        }
        var body = SkeinClient.JSON.createObjectNode();
        if (user != null) {
            body.put("userId", user);
        }
        return this.client.post("/v1/conversations/" + conversation + "/messages:import",
                body.set("messages", messages).toString());
    }

    private JsonNode search(String conversation, String query, String watermark) {
        Response response = this.client.post("/v1/conversations/" + conversation + "/memory:search",
                SkeinClient.JSON.createObjectNode()
                    .put("query", query)
                    .put("topK", 10)
                    .put("watermark", watermark)
                    .toString());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static java.util.List<String> topExternalIds(JsonNode results, int k) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(k, results.path("results").size()); i++) {
            results.path("results").get(i).path("externalIds").forEach(id -> ids.add(id.asString()));
        }
        return ids;
    }

}
