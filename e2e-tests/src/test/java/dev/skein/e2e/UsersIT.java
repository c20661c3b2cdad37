package dev.skein.e2e;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.e2e.SkeinClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Users through the public API: a conversation belongs to a user, a turn of the user's
 * new conversation recalls what the user told in an earlier one (and another user's turn
 * does not), search takes the user scope, and erasing the user leaves nothing of theirs.
 */
class UsersIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String PORTO = "My sister Ana lives in Porto and loves sailing.";

    private static final String LISBON = "My brother Rui lives in Lisbon and repairs bicycles.";

    private final SkeinClient client = SkeinStack.get().newTenant();

    @Test
    void aFactToldInAUsersFirstConversationIsRecalledInTheirNewConversationAndNotInAnotherUsers() {
        String ana = "user-" + UUID.randomUUID();
        String rui = "user-" + UUID.randomUUID();
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        String ruis = "ruis-" + UUID.randomUUID();
        assertThat(say(first, ana, PORTO).status()).isEqualTo(200);
        assertThat(say(ruis, rui, LISBON).status()).isEqualTo(200);
        awaitIndexed(first);
        awaitIndexed(ruis);

        Response asked = say(second, ana, "Where does my sister live?");
        Response othersAsked = say("ruis-new-" + UUID.randomUUID(), rui, "Where does my sister live?");

        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        JsonNode porto = find(asked.json().path("evidence"), PORTO);
        assertThat(porto).as(asked.body()).isNotNull();
        assertThat(porto.path("conversationId").asString()).isEqualTo(first);
        assertThat(asked.json().path("evidence").toString()).doesNotContain("Lisbon");
        assertThat(othersAsked.status()).as(othersAsked.body()).isEqualTo(200);
        assertThat(othersAsked.json().path("evidence").toString()).doesNotContain("Porto");

        JsonNode scoped = search("/v1/conversations/" + second + "/memory:search", "user");
        assertThat(find(scoped.path("results"), PORTO).path("conversationId").asString()).isEqualTo(first);
        assertThat(scoped.path("results").toString()).doesNotContain("Lisbon");
        assertThat(search("/v1/conversations/" + second + "/memory:search", null).path("results").toString())
            .doesNotContain("Porto");
        JsonNode byUser = search("/v1/users/" + ana + "/memory:search", null);
        assertThat(find(byUser.path("results"), PORTO)).isNotNull();
        assertThat(byUser.path("results").toString()).doesNotContain("Lisbon");

        JsonNode facts = this.client.get("/v1/users/" + ana + "/memory").json();
        assertThat(find(facts.path("facts"), PORTO).path("conversationId").asString()).isEqualTo(first);
        assertThat(facts.path("facts").toString()).doesNotContain("Lisbon");
        JsonNode conversations = this.client.get("/v1/users/" + ana + "/conversations").json();
        assertThat(conversations.path("conversations").valueStream().map(c -> c.path("conversationId").asString()))
            .containsExactlyInAnyOrder(first, second);
        assertThat(this.client.get("/v1/conversations/" + first).json().path("userId").asString()).isEqualTo(ana);
    }

    @Test
    void aConversationKeepsItsUserAndBadUsersAreProblems() {
        String conversation = "owned-" + UUID.randomUUID();
        assertThat(say(conversation, "user-a", "I keep bees on the roof.").status()).isEqualTo(200);

        Response other = say(conversation, "user-b", "I am someone else.");
        Response bad = say(conversation, "not a user id", "Hello.");
        Response badImport = this.client.post("/v1/conversations/" + conversation + "/messages:import",
                "{\"userId\":\"user-b\",\"messages\":[{\"role\":\"user\",\"content\":\"Not stored.\"}]}");
        Response badScope = this.client.post("/v1/conversations/" + conversation + "/memory:search",
                "{\"query\":\"bees\",\"scope\":\"everyone\"}");

        assertThat(other.status()).as(other.body()).isEqualTo(409);
        assertThat(other.json().path("errors").get(0).path("field").asString()).isEqualTo("userId");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").get(0).path("field").asString()).isEqualTo("userId");
        assertThat(badImport.status()).isEqualTo(409);
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.contentType()).startsWith("application/problem+json");
        assertThat(this.client.get("/v1/conversations/" + conversation + "/messages").json().path("messages"))
            .hasSize(2);
        // another tenant's user of the same id is another user: not found there
        SkeinClient otherTenant = SkeinStack.get().newTenant();
        assertThat(otherTenant.get("/v1/users/user-a/conversations").status()).isEqualTo(404);
        assertThat(otherTenant.delete("/v1/users/user-a").status()).isEqualTo(404);
    }

    @Test
    void erasingAUserLeavesNothingOfTheirs() {
        String canary = "canary" + UUID.randomUUID().toString().replace("-", "");
        String ana = "user-" + UUID.randomUUID();
        String first = "erase-first-" + UUID.randomUUID();
        String second = "erase-second-" + UUID.randomUUID();
        String kept = "kept-" + UUID.randomUUID();
        assertThat(say(first, ana, "My locker code is " + canary + ".").status()).isEqualTo(200);
        assertThat(say(second, ana, "Remember the word " + canary + " for me.").status()).isEqualTo(200);
        assertThat(say(kept, "user-kept-" + UUID.randomUUID(), "Keep the word " + canary + " too.").status())
            .isEqualTo(200);
        SkeinClient otherTenant = SkeinStack.get().newTenant();
        String othersConversation = "same-user-" + UUID.randomUUID();
        assertThat(otherTenantSay(otherTenant, othersConversation, ana, "Mine is " + canary + ".").status())
            .isEqualTo(200);
        awaitIndexed(first);
        awaitIndexed(second);
        await().atMost(WAIT)
            .until(() -> search("/v1/users/" + ana + "/memory:search", canary, null).path("results").size() >= 2);

        Response erased = this.client.delete("/v1/users/" + ana);

        assertThat(erased.status()).as(erased.body()).isEqualTo(204);
        for (String conversation : List.of(first, second)) {
            assertThat(this.client.get("/v1/conversations/" + conversation).status()).isEqualTo(404);
            assertThat(this.client.get("/v1/conversations/" + conversation + "/messages").status()).isEqualTo(404);
            Response search = this.client.post("/v1/conversations/" + conversation + "/memory:search",
                    "{\"query\":\"" + canary + "\"}");
            assertThat(search.status()).isEqualTo(404);
        }
        assertThat(this.client.get("/v1/users/" + ana + "/conversations").status()).isEqualTo(404);
        assertThat(this.client.get("/v1/users/" + ana + "/memory").status()).isEqualTo(404);
        assertThat(this.client.post("/v1/users/" + ana + "/memory:search", "{\"query\":\"" + canary + "\"}").status())
            .isEqualTo(404);
        assertThat(this.client.delete("/v1/users/" + ana).status()).isEqualTo(404);
        // a new conversation of the same user id starts a new user: nothing of the old
        // one
        String again = "again-" + UUID.randomUUID();
        assertThat(say(again, ana, "Hello again, what is my locker code?").status()).isEqualTo(200);
        awaitIndexed(again);
        assertThat(search("/v1/conversations/" + again + "/memory:search", canary, "user").toString())
            .doesNotContain(canary);
        // what is not the user's stays
        await().atMost(WAIT)
            .until(() -> search("/v1/conversations/" + kept + "/memory:search", canary, null).toString()
                .contains(canary));
        await().atMost(WAIT)
            .until(() -> otherTenant
                .post("/v1/conversations/" + othersConversation + "/memory:search", "{\"query\":\"" + canary + "\"}")
                .body()
                .contains(canary));
    }

    private Response say(String conversation, String userId, String content) {
        return otherTenantSay(this.client, conversation, userId, content);
    }

    private static Response otherTenantSay(SkeinClient client, String conversation, String userId, String content) {
        return client.post("/v1/conversations/" + conversation + "/messages",
                SkeinClient.JSON.createObjectNode()
                    .put("role", "user")
                    .put("content", content)
                    .put("userId", userId)
                    .toString());
    }

    /** Until the index holds everything the conversation's stream does. */
    private void awaitIndexed(String conversation) {
        await().atMost(WAIT)
            .pollInterval(Duration.ofMillis(200))
            .until(() -> "ready"
                .equals(this.client.get("/v1/conversations/" + conversation).json().path("status").asString()));
    }

    private JsonNode search(String path, String scope) {
        return search(path, "Where does my sister live?", scope);
    }

    private JsonNode search(String path, String query, String scope) {
        var body = SkeinClient.JSON.createObjectNode().put("query", query);
        if (scope != null) {
            body.put("scope", scope);
        }
        Response response = this.client.post(path, body.toString());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode find(JsonNode memories, String text) {
        // the memory may come back as a longer excerpt holding the turn
        return memories.valueStream().filter(m -> m.path("text").asString().contains(text)).findFirst().orElse(null);
    }

}
