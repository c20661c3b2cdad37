package dev.skein.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import dev.skein.e2e.SkeinClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Text that spells a tokenizer's special tokens ({@code <|endoftext|>} and the like) is
 * ordinary text to Skein: users paste it, and counting tokens must not refuse it. A
 * strict count once threw inside the retrieval-service's indexing batch, so such a
 * message was stored but never searchable.
 */
class SpecialTokensIT {

    /**
     * externalId, content, a question about it that shares none of its special tokens.
     */
    private static final String[][] MESSAGES = {
            { "st-1", "My locker code is 4417 <|endoftext|> remember it, please.",
                    "Which number opens my locker at the gym?" },
            { "st-2", "The dentist moved my appointment <|fim_prefix|> to Tuesday morning at nine.",
                    "When do I see the dentist?" },
            { "st-3", "Our cat Miso <|fim_middle|> keeps sleeping in the laundry basket.",
                    "Where does the cat like to nap?" },
            { "st-4", "We planted tomatoes <|fim_suffix|> along the south fence this spring.",
                    "What did we grow in the garden?" },
            { "st-5", "The night train to Vienna <|endofprompt|> leaves from platform seven.",
                    "Which platform does my train to Vienna leave from?" } };

    private static final String[] FILLER = { "That sounds good.", "I will keep that in mind.", "Thanks for telling me.",
            "Noted.", "Anything else on your mind today?" };

    private final SkeinClient client = SkeinStack.get().newTenant();

    @Test
    void messagesSpellingSpecialTokensAreStoredIndexedAndFoundByMeaning() {
        String conversation = "special-tokens-" + UUID.randomUUID();
        ArrayNode messages = SkeinClient.JSON.createArrayNode();
        for (int i = 0; i < MESSAGES.length; i++) {
            messages.addObject()
                .put("role", "user")
                .put("content", MESSAGES[i][1])
                .put("externalId", MESSAGES[i][0])
                .put("createdAt", "2024-06-0" + (1 + i) + "T09:00:00Z");
            messages.addObject()
                .put("role", "assistant")
                .put("content", FILLER[i])
                .put("externalId", "ok-" + i)
                .put("createdAt", "2024-06-0" + (1 + i) + "T09:01:00Z");
        }

        Response imported = this.client.post("/v1/conversations/" + conversation + "/messages:import",
                SkeinClient.JSON.createObjectNode().set("messages", messages).toString());

        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().path("imported").asInt()).isEqualTo(10);
        String watermark = imported.json().path("watermark").asString();
        JsonNode transcript = this.client.get("/v1/conversations/" + conversation + "/messages")
            .json()
            .path("messages");
        for (int i = 0; i < MESSAGES.length; i++) {
            assertThat(transcript.get(2 * i).path("externalId").asString()).isEqualTo(MESSAGES[i][0]);
            assertThat(transcript.get(2 * i).path("content").asString()).isEqualTo(MESSAGES[i][1]);
        }
        for (String[] message : MESSAGES) {
            JsonNode results = searchWhenConsistent(conversation, message[2], watermark);
            assertThat(topExternalIds(results, 3)).as(message[2] + " -> " + results).contains(message[0]);
        }
        // the windows and summaries built over these turns count their tokens too
        JsonNode status = await().atMost(Duration.ofSeconds(60))
            .until(() -> this.client.get("/v1/conversations/" + conversation).json(),
                    body -> body.path("indexed").asInt() == body.path("memories").asInt());
        assertThat(status.path("status").asString()).isEqualTo("ready");
    }

    @Test
    void aChatTurnWhoseMessageSpellsEndOfTextIsAnsweredAndStored() {
        String conversation = "special-turn-" + UUID.randomUUID();
        String content = "Quick note <|endoftext|> my bike is the blue Gazelle by the back door.";

        Response response = this.client.say(conversation, content);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("reply").path("content").asString()).isNotBlank();
        JsonNode transcript = this.client.get("/v1/conversations/" + conversation + "/messages")
            .json()
            .path("messages");
        assertThat(transcript.size()).isEqualTo(2);
        assertThat(transcript.get(0).path("content").asString()).isEqualTo(content);
    }

    /**
     * Read-your-writes on the import: the search waits for the index, here for up to a
     * minute.
     */
    private JsonNode searchWhenConsistent(String conversation, String query, String watermark) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            Response response = this.client.post("/v1/conversations/" + conversation + "/memory:search",
                    SkeinClient.JSON.createObjectNode()
                        .put("query", query)
                        .put("topK", 10)
                        .put("watermark", watermark)
                        .toString());
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            return response.json();
        }, results -> results.path("consistent").asBoolean());
    }

    private static List<String> topExternalIds(JsonNode results, int k) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < Math.min(k, results.path("results").size()); i++) {
            results.path("results").get(i).path("externalIds").forEach(id -> ids.add(id.asString()));
        }
        return ids;
    }

}
