package dev.skein.e2e;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.e2e.SkeinClient.Response;
import dev.skein.e2e.SkeinClient.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exact idempotency, as a client retrying as the API documents sees it: a request sent
 * again with the same externalId or Idempotency-Key is answered with the original result
 * and stores and generates nothing, also when the copies arrive at once; the same
 * externalId with other content is a 409, the same key with another request a 422.
 */
class IdempotencyIT {

    private final SkeinClient client = SkeinStack.get().newTenant();

    @Test
    void aTurnSentAgainWithTheSameExternalIdGetsTheSameReplyAndEvidenceAndIsStoredOnce() {
        String conversation = "resend-" + UUID.randomUUID();
        Response imported = this.client.post(messages(conversation) + ":import", Histories.petAndHobbies());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        // a search with the import's watermark waits until the history is indexed, so the
        // turn has evidence to recall
        Response indexed = this.client.post("/v1/conversations/" + conversation + "/memory:search",
                SkeinClient.JSON.createObjectNode()
                    .put("query", "dog")
                    .put("watermark", imported.json().path("watermark").asString())
                    .toString());
        assertThat(indexed.json().path("consistent").asBoolean()).as(indexed.body()).isTrue();
        String body = "{\"role\":\"user\",\"content\":\"What is the name of Maria's dog?\",\"externalId\":\"q-1\"}";

        Response first = this.client.post(messages(conversation), body);
        Response again = this.client.post(messages(conversation), body);
        List<ServerSentEvent> streamed = this.client.stream(messages(conversation), body);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("evidence")).isNotEmpty();
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        ServerSentEvent reply = streamed.get(streamed.size() - 1);
        assertThat(reply.event()).isEqualTo("reply");
        assertThat(reply.json()).isEqualTo(first.json());
        assertThat(transcript(conversation)).hasSize(22);
    }

    @Test
    void aTurnSentAgainWithTheSameIdempotencyKeyIsAnsweredOnce() {
        String conversation = "key-" + UUID.randomUUID();
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        String body = "{\"role\":\"user\",\"content\":\"I am planning a trip to Kyoto in April.\"}";

        Response first = this.client.post(messages(conversation), body, key);
        Response again = this.client.post(messages(conversation), body, key);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(transcript(conversation)).extracting(message -> message.path("role").asString())
            .containsExactly("user", "assistant");
    }

    @Test
    void copiesSentAtOnceMakeOneMessageAndOneReply() throws Exception {
        String conversation = "concurrent-" + UUID.randomUUID();
        String body = "{\"role\":\"user\",\"content\":\"My sister is called Mel.\",\"externalId\":\"c-1\"}";
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        String keyed = "{\"role\":\"user\",\"content\":\"My brother is called Joe.\"}";
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<Response>> copies = List.of(
                    CompletableFuture.supplyAsync(() -> this.client.post(messages(conversation), body), clients),
                    CompletableFuture.supplyAsync(() -> this.client.post(messages(conversation), body), clients),
                    CompletableFuture.supplyAsync(() -> this.client.post(messages(conversation), body), clients));
            List<CompletableFuture<Response>> keyedCopies = List.of(
                    CompletableFuture.supplyAsync(() -> this.client.post(messages(conversation), keyed, key), clients),
                    CompletableFuture.supplyAsync(() -> this.client.post(messages(conversation), keyed, key), clients),
                    CompletableFuture.supplyAsync(() -> this.client.post(messages(conversation), keyed, key), clients));

            JsonNode answer = copies.get(0).join().json();
            for (CompletableFuture<Response> copy : copies) {
                assertThat(copy.join().status()).as(copy.join().body()).isEqualTo(200);
                assertThat(copy.join().json()).isEqualTo(answer);
            }
            JsonNode keyedAnswer = keyedCopies.get(0).join().json();
            for (CompletableFuture<Response> copy : keyedCopies) {
                assertThat(copy.join().status()).as(copy.join().body()).isEqualTo(200);
                assertThat(copy.join().json()).isEqualTo(keyedAnswer);
            }
        }
        finally {
            clients.shutdown();
        }
        // the two turns ran side by side: one message and one reply each, in any order
        List<JsonNode> transcript = transcript(conversation);
        assertThat(transcript).extracting(message -> message.path("role").asString())
            .containsExactlyInAnyOrder("user", "user", "assistant", "assistant");
        assertThat(transcript).filteredOn(message -> message.path("role").asString().equals("user"))
            .extracting(message -> message.path("content").asString())
            .containsExactlyInAnyOrder("My sister is called Mel.", "My brother is called Joe.");
    }

    @Test
    void theSameExternalIdWithOtherContentIsAConflictNamingTheFieldAndStoresNothing() {
        String conversation = "conflict-" + UUID.randomUUID();
        assertThat(this.client
            .post(messages(conversation),
                    "{\"role\":\"user\",\"content\":\"I live in Berlin.\",\"externalId\":\"m-1\"}")
            .status()).isEqualTo(200);

        Response conflict = this.client.post(messages(conversation),
                "{\"role\":\"user\",\"content\":\"I live in Lisbon.\",\"externalId\":\"m-1\"}");
        Response stored = this.client.post(messages(conversation),
                "{\"role\":\"assistant\",\"content\":\"Lisbon it is.\",\"externalId\":\"m-1\"}");

        assertConflict(conflict, "externalId");
        assertConflict(stored, "externalId");
        assertThat(transcript(conversation)).hasSize(2);
        assertThat(transcript(conversation).get(0).path("content").asString()).isEqualTo("I live in Berlin.");
    }

    @Test
    void anImportEntryReusingAnExternalIdWithOtherContentIsAConflictAndNothingIsStored() {
        String conversation = "import-conflict-" + UUID.randomUUID();
        assertThat(this.client.post(messages(conversation) + ":import", Histories.petAndHobbies()).status())
            .isEqualTo(200);

        Response conflict = this.client.post(messages(conversation) + ":import", """
                {"messages":[{"role":"user","content":"A new message.","externalId":"new-1"},
                             {"role":"user","content":"I adopted a cat.","externalId":"%s"}]}"""
            .formatted(Histories.PET_TURN));

        assertConflict(conflict, "messages[1].externalId");
        assertThat(this.client.get("/v1/conversations/" + conversation).json().path("messages").asInt()).isEqualTo(20);
    }

    @Test
    void anImportAndAStoredMessageSentAgainWithTheSameKeyAreStoredOnce() {
        String conversation = "import-key-" + UUID.randomUUID();
        Map<String, String> importKey = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Map<String, String> storeKey = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        String entries = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello.\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hi!\"}]}";
        String note = "{\"role\":\"system\",\"content\":\"The user prefers short answers.\"}";

        Response first = this.client.post(messages(conversation) + ":import", entries, importKey);
        Response again = this.client.post(messages(conversation) + ":import", entries, importKey);
        Response stored = this.client.post(messages(conversation), note, storeKey);
        Response storedAgain = this.client.post(messages(conversation), note, storeKey);
        Response reused = this.client.post(messages(conversation) + ":import",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Bye.\"}]}", importKey);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(first.json().path("imported").asInt()).isEqualTo(2);
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        assertThat(storedAgain.json()).isEqualTo(stored.json());
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().path("type").asString())
            .isEqualTo("https://skein.dev/problems/idempotency-key-reused");
        assertThat(reused.json().path("errors").get(0).path("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(transcript(conversation)).extracting(message -> message.path("content").asString())
            .containsExactly("Hello.", "Hi!", "The user prefers short answers.");
    }

    @Test
    void aChatCompletionSentAgainWithTheSameKeyIsTheSameCompletion() {
        String conversation = "completion-" + UUID.randomUUID();
        Map<String, String> headers = Map.of("Idempotency-Key", UUID.randomUUID().toString(), "X-Conversation-Id",
                conversation);
        String body = "{\"model\":\"skein\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there.\"}]}";

        Response first = this.client.post("/v1/chat/completions", body, headers);
        Response again = this.client.post("/v1/chat/completions", body, headers);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(again.json().path("id")).isEqualTo(first.json().path("id"));
        assertThat(again.json().path("choices")).isEqualTo(first.json().path("choices"));
        assertThat(again.json().path("skein")).isEqualTo(first.json().path("skein"));
        assertThat(transcript(conversation)).hasSize(2);
    }

    private List<JsonNode> transcript(String conversation) {
        Response response = this.client.get(messages(conversation) + "?limit=100");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> messages = new java.util.ArrayList<>();
        response.json().path("messages").forEach(messages::add);
        return messages;
    }

    private static void assertConflict(Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asString()).isEqualTo("https://skein.dev/problems/conflict");
        assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo(field);
    }

    private static String messages(String conversation) {
        return "/v1/conversations/" + conversation + "/messages";
    }

}
