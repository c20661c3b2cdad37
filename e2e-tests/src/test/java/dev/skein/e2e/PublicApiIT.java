package dev.skein.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.e2e.SkeinClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The public API calls of a memory console: the tenant's conversations, a search with its
 * score explained, and a turn's assembled prompt.
 */
class PublicApiIT {

    private final SkeinClient client = SkeinStack.get().newTenant();

    @Test
    void conversationsAreListedNewestActivityFirstInStablePages() {
        String prefix = "list-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        for (int i = 0; i < 5; i++) {
            Response imported = this.client.post("/v1/conversations/" + prefix + i + "/messages:import",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"Note " + i + " about the garden.\"}]}");
            assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = this.client
                .get("/v1/conversations?limit=2&idPrefix=" + prefix + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonNode body = page.json();
            body.path("conversations").forEach(c -> {
                seen.add(c.path("conversationId").asString());
                assertThat(c.path("messageCount").asLong()).isEqualTo(1);
                assertThat(c.path("memoryCount").asLong()).isGreaterThanOrEqualTo(1);
                assertThat(c.path("lastActivityAt").asString()).isNotBlank();
            });
            cursor = body.path("nextCursor").isNull() ? null : body.path("nextCursor").asString();
            if (pages == 0) {
                // a conversation created after the first page sorts before its cursor
                Response later = this.client.post("/v1/conversations/" + prefix + "late/messages:import",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"A late note.\"}]}");
                assertThat(later.status()).isEqualTo(200);
            }
            pages++;
        }
        while (cursor != null && pages < 10);

        assertThat(seen).containsExactly(prefix + 4, prefix + 3, prefix + 2, prefix + 1, prefix + 0);
        assertThat(this.client.get("/v1/conversations?limit=1&idPrefix=" + prefix)
            .json()
            .path("conversations")
            .get(0)
            .path("conversationId")
            .asString()).isEqualTo(prefix + "late");
        // another tenant sees none of them
        assertThat(
                SkeinStack.get().newTenant().get("/v1/conversations?idPrefix=" + prefix).json().path("conversations"))
            .isEmpty();
    }

    @Test
    void aBadLimitOrCursorIsAProblem() {
        Response zero = this.client.get("/v1/conversations?limit=0");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body()).contains("limit");
        assertThat(this.client.get("/v1/conversations?limit=101").status()).isEqualTo(400);
        Response cursor = this.client.get("/v1/conversations?cursor=not-a-cursor");
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.body()).contains("cursor");
    }

    @Test
    void anExplainedSearchBreaksEachScoreIntoPartsThatAddUpAndAPlainOneIsUnchanged() {
        String conversation = "explain-" + UUID.randomUUID();
        Response imported = this.client.post("/v1/conversations/" + conversation + "/messages:import",
                Histories.petAndHobbies());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        String watermark = imported.json().path("lastSequence").asString();
        // the watermark says the turns are indexed; the windows over them come after, so
        // the two searches wait until the index's count has not moved for 2 s to see the
        // same index
        AtomicLong indexed = new AtomicLong(-1);
        AtomicInteger unchanged = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long now = this.client.get("/v1/conversations/" + conversation).json().path("indexed").asLong();
            if (indexed.getAndSet(now) != now || now == 0) {
                unchanged.set(0);
                return false;
            }
            return unchanged.incrementAndGet() >= 4;
        });

        Response explained = this.client.post("/v1/conversations/" + conversation + "/memory:search",
                "{\"query\":\"dog name\",\"explain\":true,\"watermark\":" + watermark + "}");
        Response plain = this.client.post("/v1/conversations/" + conversation + "/memory:search",
                "{\"query\":\"dog name\",\"watermark\":" + watermark + "}");

        assertThat(explained.status()).as(explained.body()).isEqualTo(200);
        JsonNode hits = explained.json().path("results");
        assertThat(hits).isNotEmpty();
        for (JsonNode hit : hits) {
            JsonNode parts = hit.path("explain");
            assertThat(parts.path("fused").asDouble()).isEqualTo(hit.path("score").asDouble());
            double sum = 0;
            for (String part : List.of("dense", "lexical", "time", "salience", "speaker", "supersession",
                    "neighbours")) {
                assertThat(parts.has(part)).as(part).isTrue();
                sum += parts.path(part).asDouble();
            }
            assertThat(sum).isCloseTo(parts.path("fused").asDouble(), within(1e-9));
        }
        assertThat(plain.status()).isEqualTo(200);
        // no hit carries the parts (the conversation id may well contain the word)
        plain.json().path("results").forEach(hit -> assertThat(hit.has("explain")).isFalse());
        assertThat(plain.body()).doesNotContain("\"explain\"");
        assertThat(plain.json().path("results").size()).isEqualTo(hits.size());
    }

    @Test
    void aTurnShowsItsMessagesReplyAndTheAssembledPrompt() {
        String conversation = "turn-" + UUID.randomUUID();
        this.client.post("/v1/conversations/" + conversation + "/messages:import", Histories.petAndHobbies());
        // the history indexed first, so the turn's evidence can hold the dog turn on a
        // busy machine too
        await().atMost(Duration.ofSeconds(60))
            .until(() -> this.client.get("/v1/conversations/" + conversation).json().path("status").asString(),
                    "ready"::equals);
        Response said = this.client.say(conversation, "Remind me, what is the name of Maria's dog?");
        assertThat(said.status()).as(said.body()).isEqualTo(200);
        String turnId = said.json().path("turnId").asString();

        Response turn = this.client.get("/v1/conversations/" + conversation + "/turns/" + turnId);

        assertThat(turn.status()).as(turn.body()).isEqualTo(200);
        JsonNode body = turn.json();
        assertThat(body.path("turnId").asString()).isEqualTo(turnId);
        assertThat(body.path("conversationId").asString()).isEqualTo(conversation);
        assertThat(body.path("userMessage").path("content").asString())
            .isEqualTo("Remind me, what is the name of Maria's dog?");
        assertThat(body.path("reply").path("content").asString())
            .isEqualTo(said.json().path("reply").path("content").asString());
        assertThat(body.path("reply").path("generatedBy").asString()).startsWith("extractive");
        JsonNode prompt = body.path("prompt");
        assertThat(prompt.path("tokenBudget").asInt()).isPositive();
        assertThat(prompt.path("tokensUsed").asInt()).isPositive()
            .isLessThanOrEqualTo(prompt.path("tokenBudget").asInt());
        assertThat(prompt.path("evidence").toString()).contains(Histories.PET_TURN);
        assertThat(prompt.path("messages").get(prompt.path("messages").size() - 1).path("content").asString())
            .contains("Maria's dog");
        assertThat(prompt.path("flash").isArray()).isTrue();

        // another tenant, another conversation, or an unknown turn: 404
        assertThat(SkeinStack.get().newTenant().get("/v1/conversations/" + conversation + "/turns/" + turnId).status())
            .isEqualTo(404);
        assertThat(this.client.get("/v1/conversations/" + conversation + "/turns/" + UUID.randomUUID()).status())
            .isEqualTo(404);
        assertThat(this.client.get("/v1/conversations/" + conversation + "/turns/not-a-turn").status()).isEqualTo(404);
    }

    @Test
    void aDeletedMemoryIsGoneFromSearchAndTheTranscriptAndASecondDeleteIs404() {
        String conversation = "delete-" + UUID.randomUUID();
        Response imported = this.client.post("/v1/conversations/" + conversation + "/messages:import",
                Histories.petAndHobbies());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        String search = "{\"query\":\"What is the name of Maria's dog?\",\"watermark\":"
                + imported.json().path("lastSequence").asString() + "}";
        JsonNode before = this.client.post("/v1/conversations/" + conversation + "/memory:search", search).json();
        JsonNode dogTurn = null;
        for (JsonNode hit : before.path("results")) {
            if (hit.path("kind").asString().equals("turn")
                    && hit.path("externalIds").toString().contains("\"" + Histories.PET_TURN + "\"")) {
                dogTurn = hit;
            }
        }
        assertThat(dogTurn).as(before.toString()).isNotNull();
        String memoryId = dogTurn.path("memoryId").asString();

        Response deleted = this.client.delete("/v1/conversations/" + conversation + "/memories/" + memoryId);

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        JsonNode after = this.client.post("/v1/conversations/" + conversation + "/memory:search", search).json();
        // The memory, its text and every turn, window, summary or excerpt holding it are
        // gone, also a summary rolled up while the delete ran (issue 13)
        assertThat(after.toString()).doesNotContain(memoryId)
            .doesNotContain("Biscuit")
            .doesNotContain("\"" + Histories.PET_TURN + "\"");
        // and after every event recorded before the delete has reached the index: a later
        // import's watermark follows them on the conversation's partition
        Response later = this.client.post("/v1/conversations/" + conversation + "/messages:import",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"The kitchen is finally dry.\"}]}");
        assertThat(later.status()).as(later.body()).isEqualTo(200);
        JsonNode settled = this.client
            .post("/v1/conversations/" + conversation + "/memory:search",
                    "{\"query\":\"What is the name of Maria's dog?\",\"topK\":20,\"watermark\":"
                            + later.json().path("lastSequence").asString() + "}")
            .json();
        assertThat(settled.path("results").size()).as(settled.toString()).isPositive();
        assertThat(settled.toString()).doesNotContain(memoryId)
            .doesNotContain("Biscuit")
            .doesNotContain("\"" + Histories.PET_TURN + "\"");
        assertThat(this.client.get("/v1/conversations/" + conversation + "/messages").body()).doesNotContain(memoryId);
        Response again = this.client.delete("/v1/conversations/" + conversation + "/memories/" + memoryId);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(this.client.delete("/v1/conversations/" + conversation + "/memories/not-an-id").status())
            .isEqualTo(404);
        // another tenant cannot delete this conversation's memories
        assertThat(SkeinStack.get()
            .newTenant()
            .delete("/v1/conversations/" + conversation + "/memories/"
                    + before.path("results").get(0).path("memoryId").asString())
            .status()).isEqualTo(404);
    }

    @Test
    void aCorrectedMemoryIsFoundByItsNewTextAtOnceAndAPinnedOneShowsPinned() {
        String conversation = "patch-" + UUID.randomUUID();
        Response imported = this.client.post("/v1/conversations/" + conversation + "/messages:import",
                Histories.petAndHobbies());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        String search = "{\"query\":\"What is the name of Maria's dog?\",\"watermark\":"
                + imported.json().path("lastSequence").asString() + "}";
        JsonNode before = this.client.post("/v1/conversations/" + conversation + "/memory:search", search).json();
        assertThat(before.toString()).contains("Biscuit");
        String memoryId = null;
        for (JsonNode hit : before.path("results")) {
            if (hit.path("kind").asString().equals("turn")
                    && hit.path("externalIds").toString().contains("\"" + Histories.PET_TURN + "\"")) {
                memoryId = hit.path("memoryId").asString();
            }
        }
        assertThat(memoryId).as(before.toString()).isNotNull();
        String path = "/v1/conversations/" + conversation + "/memories/" + memoryId;

        Response corrected = this.client.send("PATCH", path,
                "{\"content\":\"Also, last spring I adopted a golden retriever puppy and named him Pretzel.\"}");

        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
        assertThat(corrected.json().path("memoryId").asString()).isEqualTo(memoryId);
        assertThat(corrected.json().path("content").asString()).contains("Pretzel");
        // at once: the corrected turn is re-embedded, the windows and summaries quoting
        // the
        // old text are gone
        JsonNode after = this.client.post("/v1/conversations/" + conversation + "/memory:search", search).json();
        assertThat(after.toString()).contains("Pretzel").contains(memoryId).doesNotContain("Biscuit");
        assertThat(this.client.get("/v1/conversations/" + conversation + "/messages").body()).contains("Pretzel")
            .doesNotContain("Biscuit");

        Response pinned = this.client.send("PATCH", path, "{\"pinned\":true}");

        assertThat(pinned.status()).as(pinned.body()).isEqualTo(200);
        assertThat(pinned.json().path("pinned").asBoolean()).isTrue();
        JsonNode view = this.client.get("/v1/conversations/" + conversation + "/memory").json();
        JsonNode archived = null;
        for (JsonNode memory : view.path("archived")) {
            if (memory.path("memoryId").asString().equals(memoryId)) {
                archived = memory;
            }
        }
        assertThat(archived).as(view.toString()).isNotNull();
        assertThat(archived.path("pinned").asBoolean()).isTrue();
        assertThat(archived.path("salience").asDouble()).isGreaterThanOrEqualTo(0.5);
        // the memory-service announces the salient memories to the index after the pin
        // (memory.salience-changed.v1): a search ranks the turn with at least the floor's
        // share, 0.2 (skein.retrieval.salience-weight) of 0.5, without asking it
        String explained = search.replace("{", "{\"explain\":true,");
        String pinnedId = memoryId;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode hits = this.client.post("/v1/conversations/" + conversation + "/memory:search", explained)
                .json()
                .path("results");
            double salience = -1;
            for (JsonNode hit : hits) {
                if (hit.path("memoryId").asString().equals(pinnedId)) {
                    salience = hit.path("explain").path("salience").asDouble();
                }
            }
            assertThat(salience).as(hits.toString()).isGreaterThanOrEqualTo(0.1 - 1e-9);
        });

        // an empty patch names the field; an unknown id or another tenant's memory is a
        // 404
        Response empty = this.client.send("PATCH", path, "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.contentType()).startsWith("application/problem+json");
        assertThat(empty.body()).contains("content");
        assertThat(this.client
            .send("PATCH", "/v1/conversations/" + conversation + "/memories/not-an-id", "{\"pinned\":true}")
            .status()).isEqualTo(404);
        assertThat(SkeinStack.get().newTenant().send("PATCH", path, "{\"pinned\":true}").status()).isEqualTo(404);
    }

    @Test
    void theNewCallsAreInTheOpenApiDocumentWithTypedSchemas() {
        JsonNode doc = this.client.get("/v3/api-docs").json();
        JsonNode paths = doc.path("paths");
        assertThat(paths.has("/v1/conversations")).isTrue();
        assertThat(paths.has("/v1/conversations/{conversationId}/turns/{turnId}")).isTrue();
        assertThat(paths.has("/v1/conversations/{conversationId}/memories/{memoryId}")).isTrue();
        assertThat(paths.has("/v1/models")).isTrue();
        JsonNode schemas = doc.path("components").path("schemas");
        assertThat(schemas.has("ConversationList")).isTrue();
        assertThat(schemas.has("TurnView")).isTrue();
        assertThat(schemas.has("ScoreParts")).isTrue();
    }

}
