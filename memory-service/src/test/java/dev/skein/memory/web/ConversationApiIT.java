package dev.skein.memory.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.Topics;
import dev.skein.memory.AbstractMemoryServiceIT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The internal HTTP API of docs/architecture.md against the real database. */
@ExtendWith(OutputCaptureExtension.class)
class ConversationApiIT extends AbstractMemoryServiceIT {

    private static final Instant ORIGIN = Instant.parse("2023-05-08T13:56:00.123456Z");

    @Test
    void importsAThousandMessagesWithDuplicatesInOrderKeepingTheirTimes() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        // 1,000 messages: the last 50 repeat the first 50 (external id, role and
        // content),
        // and 50 have no external id
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> message = new LinkedHashMap<>();
            int original = i >= 950 ? i - 950 : i;
            message.put("role", original % 2 == 0 ? "user" : "assistant");
            message.put("content", "message " + original);
            message.put("speaker", i % 2 == 0 ? "Caroline" : "Melanie");
            message.put("createdAt", ORIGIN.plusSeconds(i).toString());
            if (i >= 950) {
                message.put("externalId", "e" + (i - 950));
            }
            else if (i < 900) {
                message.put("externalId", "e" + i);
            }
            message.put("metadata", Map.of("session", i / 100));
            batch.add(message);
        }
        Response first = post(path + "/messages:import", Map.of("messages", batch));
        assertThat(first.status()).isEqualTo(200);
        JsonNode body = first.body();
        assertThat(body.get("conversationId").asString()).isEqualTo(conversation);
        assertThat(body.get("received").asInt()).isEqualTo(1000);
        assertThat(body.get("imported").asInt()).isEqualTo(950);
        assertThat(body.get("duplicates").asInt()).isEqualTo(50);
        assertThat(body.get("firstSequence").asLong()).isEqualTo(1);
        assertThat(body.get("lastSequence").asLong()).isEqualTo(950);
        assertThat(body.get("watermark").isString()).isTrue();
        assertThat(body.get("watermark").asString()).isEqualTo("950");
        JsonNode entries = body.get("messages");
        assertThat(entries).hasSize(1000);
        assertThat(entries.get(0).get("sequence").asLong()).isEqualTo(1);
        assertThat(entries.get(949).get("sequence").asLong()).isEqualTo(950);
        assertThat(entries.get(949).get("duplicate").asBoolean()).isFalse();
        // message 950 repeats e0: it answers with message 0's id and sequence
        assertThat(entries.get(950).get("duplicate").asBoolean()).isTrue();
        assertThat(entries.get(950).get("messageId").asString()).isEqualTo(entries.get(0).get("messageId").asString());
        assertThat(entries.get(950).get("sequence").asLong()).isEqualTo(1);

        // a second import overlapping the first: only the new ones are stored
        List<Map<String, Object>> second = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            second.add(Map.of("role", "user", "content", "message " + (i * 10), "externalId", "e" + (i * 10)));
        }
        second.add(Map.of("role", "system", "content", "a new one", "externalId", "new-1"));
        JsonNode again = post(path + "/messages:import", Map.of("messages", second)).body();
        assertThat(again.get("received").asInt()).isEqualTo(21);
        assertThat(again.get("imported").asInt()).isEqualTo(1);
        assertThat(again.get("duplicates").asInt()).isEqualTo(20);
        assertThat(again.get("firstSequence").asLong()).isEqualTo(951);
        assertThat(again.get("watermark").asString()).isEqualTo("951");

        // the transcript, paged, is the stream in order with the original times
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get(path + "/messages?limit=400" + (cursor == null ? "" : "&cursor=" + cursor)).body();
            page.get("messages").forEach(all::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        }
        while (cursor != null);
        assertThat(all).hasSize(951);
        for (int i = 0; i < 950; i++) {
            JsonNode message = all.get(i);
            assertThat(message.get("sequence").asLong()).isEqualTo(i + 1);
            assertThat(message.get("content").asString()).isEqualTo("message " + i);
            assertThat(Instant.parse(message.get("createdAt").asString())).isEqualTo(ORIGIN.plusSeconds(i));
        }
        assertThat(all.get(0).get("speaker").asString()).isEqualTo("Caroline");
        assertThat(all.get(0).get("externalId").asString()).isEqualTo("e0");
        assertThat(all.get(0).get("metadata").get("session").asInt()).isZero();
        assertThat(all.get(900).get("externalId").isNull()).isTrue();
        assertThat(all.get(950).get("role").asString()).isEqualTo("system");
        assertThat(Instant.parse(all.get(950).get("storedAt").asString())).isCloseTo(Instant.now(),
                org.assertj.core.api.Assertions.within(5, ChronoUnit.MINUTES));

        JsonNode status = get(path).body();
        assertThat(status.get("messages").asLong()).isEqualTo(951);
        assertThat(status.get("lastSequence").asLong()).isEqualTo(951);
        assertThat(status.get("historyTokens").asLong()).isPositive();
        assertThat(status.get("conversationUid").asString()).isNotBlank();
    }

    @Test
    void anExternalIdImportedAgainWithOtherContentIsAConflictNamingTheEntryAndNothingIsStored() throws Exception {
        String path = conversationPath(randomId("t"), randomId("c"));
        assertThat(post(path + "/messages:import",
                Map.of("messages", List.of(Map.of("role", "user", "content", "I live in Berlin.", "externalId", "m1"))))
            .status()).isEqualTo(200);

        Response conflict = post(path + "/messages:import",
                Map.of("messages",
                        List.of(Map.of("role", "user", "content", "A new one.", "externalId", "m2"),
                                Map.of("role", "user", "content", "I live in Lisbon.", "externalId", "m1"),
                                Map.of("role", "assistant", "content", "Same id twice.", "externalId", "m3"),
                                Map.of("role", "assistant", "content", "Other text.", "externalId", "m3"))));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(conflict.body().get("type").asString()).isEqualTo("https://skein.dev/problems/conflict");
        assertThat(conflict.body().get("errors").findValuesAsString("field")).containsExactly("messages[1].externalId",
                "messages[3].externalId");
        assertThat(conflict.body().get("errors").get(0).get("message").asString())
            .isEqualTo("already names a message with other content");
        JsonNode messages = get(path + "/messages").body().get("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("content").asString()).isEqualTo("I live in Berlin.");
    }

    @Test
    void anImportSentAgainWithItsRequestIdStoresNothingAndIsAnsweredAsTheFirstTime() throws Exception {
        String path = conversationPath(randomId("t"), randomId("c"));
        assertThat(post(path + "/messages:import",
                Map.of("messages", List.of(Map.of("role", "system", "content", "Before.", "externalId", "b1"))))
            .status()).isEqualTo(200);
        String requestId = java.util.UUID.randomUUID().toString();
        // no external ids: only the request id tells the copy from new messages; the last
        // one repeats an external id stored before
        Map<String, Object> request = Map.of("requestId", requestId, "messages",
                List.of(Map.of("role", "user", "content", "Hello."), Map.of("role", "assistant", "content", "Hi!"),
                        Map.of("role", "system", "content", "Before.", "externalId", "b1")));

        Response first = post(path + "/messages:import", request);
        Response again = post(path + "/messages:import", request);

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(first.body().get("imported").asInt()).isEqualTo(2);
        assertThat(first.body().get("duplicates").asInt()).isEqualTo(1);
        assertThat(first.body().get("firstSequence").asLong()).isEqualTo(2);
        assertThat(first.body().get("watermark").asString()).isEqualTo("3");
        assertThat(get(path + "/messages").body().get("messages")).hasSize(3);
        // another request with the same messages is another import
        Response other = post(path + "/messages:import", Map.of("requestId", java.util.UUID.randomUUID().toString(),
                "messages", List.of(Map.of("role", "user", "content", "Hello."))));
        assertThat(other.body().get("firstSequence").asLong()).isEqualTo(4);
    }

    @Test
    void anotherTenantsConversationIsNotFound() throws Exception {
        String conversation = randomId("c");
        String owner = randomId("owner");
        assertThat(post(conversationPath(owner, conversation) + "/messages:import",
                Map.of("messages", List.of(Map.of("role", "user", "content", "mine"))))
            .status()).isEqualTo(200);

        String other = conversationPath(randomId("intruder"), conversation);
        for (Response response : List.of(get(other), get(other + "/messages"), get(other + "/memory"),
                get(other + "/salient"), delete(other))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body().get("type").asString()).isEqualTo("https://skein.dev/problems/not-found");
        }
        assertThat(get(conversationPath(owner, conversation)).status()).isEqualTo(200);
        // the owner's salient memories, as the public search ranks with them
        Response salient = get(conversationPath(owner, conversation) + "/salient");
        assertThat(salient.status()).isEqualTo(200);
        assertThat(salient.body().get("salient")).hasSize(1);
        assertThat(salient.body().get("salient").get(0).get("salience").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void deleteErasesTheConversationAndPublishesConversationErased() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        post(path + "/messages:import", Map.of("messages",
                List.of(Map.of("role", "user", "content", "hello"), Map.of("role", "assistant", "content", "hi"))));
        String uid = get(path).body().get("conversationUid").asString();

        Response deleted = delete(path);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().get("conversationUid").asString()).isEqualTo(uid);

        ConversationErased erased = awaitEvents(Topics.CONVERSATION_ERASED, conversation, 1, ConversationErased.class)
            .get(0);
        assertThat(erased.conversationUid().toString()).isEqualTo(uid);
        assertThat(erased.tenantId()).isEqualTo(tenant);
        assertThat(get(path).status()).isEqualTo(404);
        assertThat(get(path + "/messages").status()).isEqualTo(404);
        assertThat(delete(path).status()).isEqualTo(404);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM messages WHERE conversation_uid = ?::uuid",
                Long.class, uid))
            .isZero();
    }

    @Test
    void invalidImportIsA400ProblemAndStoresNothing() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        Response bad = post(path + "/messages:import",
                Map.of("messages", List.of(Map.of("role", "user", "content", "fine"),
                        Map.of("role", "robot", "content", "beep"), Map.of("role", "user", "content", "   "))));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body().get("type").asString()).isEqualTo("https://skein.dev/problems/validation");
        assertThat(bad.body().get("errors").findValuesAsString("field")).containsExactly("messages[1].role",
                "messages[2].content");
        assertThat(get(path).status()).isEqualTo(404);
    }

    @Test
    void valuesTheDatabaseCannotStoreAreA400NamingTheFieldAndStoreNothing(CapturedOutput output) throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        int logged = output.getOut().length();

        Response bad = post(path + "/messages:import", """
                {"messages":[{"role":"user","content":"fine"},
                             {"role":"user","content":"nul \\u0000 inside","speaker":"s\\u0000"},
                             {"role":"user","content":"x","externalId":"\\ud800","metadata":{"k\\u0000":"v"}},
                             {"role":"user","content":"x","createdAt":"+10000-01-01T00:00:00Z"}]}""");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("type").asString()).isEqualTo("https://skein.dev/problems/validation");
        assertThat(bad.body().get("errors").findValuesAsString("field")).containsExactly("messages[1].content",
                "messages[1].speaker", "messages[2].externalId", "messages[2].metadata", "messages[3].createdAt");
        assertThat(get(path).status()).isEqualTo(404);
        assertThat(output.getOut().substring(logged)).doesNotContain(" ERROR ", "nul ");
    }

    @Test
    void malformedRequestsAreProblemsWithoutInternals() throws Exception {
        String path = conversationPath(randomId("t"), randomId("c"));
        Response notJson = post(path + "/messages:import", "{\"messages\": [");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().get("type").asString()).isEqualTo("https://skein.dev/problems/malformed-request");
        assertThat(notJson.body().toString()).doesNotContain("jackson", "dev.skein");

        Response badTime = post(path + "/messages:import",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"createdAt\":\"yesterday\"}]}");
        assertThat(badTime.status()).isEqualTo(400);

        Response empty = post(path + "/messages:import", Map.of("messages", List.of()));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("type").asString()).isEqualTo("https://skein.dev/problems/validation");

        assertThat(get(path + "/messages?limit=1001").status()).isEqualTo(400);
        assertThat(get(path + "/messages?cursor=abc").status()).isEqualTo(400);
        assertThat(get(conversationPath("t", "bad%20id")).status()).isEqualTo(400);
    }

    @Test
    void memoryViewShowsFlashAsTheNextTurnWouldGetItAndTheArchiveBySalience() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            messages.add(Map.of("role", i % 2 == 1 ? "user" : "assistant", "content", "turn " + i));
        }
        post(path + "/messages:import", Map.of("messages", messages));

        JsonNode view = get(path + "/memory").body();
        JsonNode flash = view.get("flash").get("turns");
        assertThat(flash).hasSize(6);
        assertThat(flash.get(0).get("sequence").asLong()).isEqualTo(4);
        assertThat(flash.get(5).get("content").asString()).isEqualTo("turn 9");
        assertThat(flash.get(5).get("truncated").asBoolean()).isFalse();
        assertThat(view.get("recall").get("nextTurnRecalls").asBoolean()).isTrue();
        assertThat(view.get("recall").get("olderMessages").asLong()).isEqualTo(3);
        assertThat(view.get("recall").get("recallBeforeSequence").asLong()).isEqualTo(4);
        assertThat(view.get("recall").get("recallTokenBudget").asInt())
            .isEqualTo(2500 - view.get("flash").get("tokens").asInt());
        // the three turns older than flash memory, each with its salience and the reason
        // for it
        assertThat(view.get("archived")).hasSize(3);
        assertThat(view.get("archived").get(0).get("sequence").asLong()).isLessThan(4);
        assertThat(view.get("archived").get(0).get("reason").asString()).isNotBlank();
        assertThat(view.get("archived").get(0).get("decayRatio").asDouble()).isEqualTo(0.8);
        assertThat(view.get("salience").get("currentTurn").asLong()).isEqualTo(5);
        assertThat(view.get("salience").get("windows").asLong()).isEqualTo(4);
        assertThat(view.get("budget").get("flashBudgetTokens").asInt()).isEqualTo(1000);
        assertThat(view.get("counts").get("messages").asLong()).isEqualTo(9);
    }

}
