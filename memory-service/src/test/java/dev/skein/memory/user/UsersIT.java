package dev.skein.memory.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.TurnRequested;
import dev.skein.memory.AbstractMemoryServiceIT;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users in the memory-service: a conversation given to a user once, the user's
 * conversations and durable facts, the user scope of a turn's recall, and the erasure of
 * a user, all scoped to the tenant.
 */
class UsersIT extends AbstractMemoryServiceIT {

    @Test
    void anImportGivesTheConversationToItsUserAndAnotherUserIsAConflictThatStoresNothing() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");

        Response first = importAs(tenant, conversation, "ana", "I keep bees on the roof.");
        Response other = importAs(tenant, conversation, "bruno", "This must not be stored.");
        Response same = importAs(tenant, conversation, "ana", "The bees made honey.");
        Response none = importAs(tenant, conversation, null, "No user named: the conversation keeps its user.");

        assertThat(first.status()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body().path("type").asString()).endsWith("/conflict");
        assertThat(other.body().path("errors").get(0).path("field").asString()).isEqualTo("userId");
        assertThat(same.status()).isEqualTo(200);
        assertThat(none.status()).isEqualTo(200);
        JsonNode status = get(conversationPath(tenant, conversation)).body();
        assertThat(status.path("userId").asString()).isEqualTo("ana");
        assertThat(status.path("messages").asLong()).isEqualTo(3);
    }

    @Test
    void aBadUserIdIsAValidationProblemAndCreatesNothing() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");

        Response refused = importAs(tenant, conversation, "no spaces", "hello");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("errors").get(0).path("field").asString()).isEqualTo("userId");
        assertThat(get(conversationPath(tenant, conversation)).status()).isEqualTo(404);
        assertThat(get(userPath(tenant, "no%20spaces") + "/conversations").status()).isEqualTo(400);
    }

    @Test
    void aUsersConversationsAreThoseOfItsTenantOnly() throws Exception {
        String tenant = randomId("t");
        String otherTenant = randomId("t");
        String first = randomId("c");
        String second = randomId("c");
        String elsewhere = randomId("c");
        importAs(tenant, first, "ana", "First conversation.");
        importAs(tenant, second, "ana", "Second conversation.");
        importAs(tenant, randomId("c"), "bruno", "Another user's conversation.");
        importAs(otherTenant, elsewhere, "ana", "The other tenant's ana.");

        JsonNode page = get(userPath(tenant, "ana") + "/conversations?limit=1").body();
        JsonNode next = get(
                userPath(tenant, "ana") + "/conversations?limit=1&cursor=" + page.path("nextCursor").asString())
            .body();

        assertThat(List.of(page.path("conversations").get(0).path("conversationId").asString(),
                next.path("conversations").get(0).path("conversationId").asString()))
            .containsExactlyInAnyOrder(first, second);
        assertThat(next.path("nextCursor").isNull() || next.path("nextCursor").isMissingNode()).isTrue();
        assertThat(page.path("conversations").get(0).path("userId").asString()).isEqualTo("ana");
        JsonNode others = get(userPath(otherTenant, "ana") + "/conversations").body();
        assertThat(others.path("conversations")).hasSize(1);
        assertThat(others.path("conversations").get(0).path("conversationId").asString()).isEqualTo(elsewhere);
        assertThat(get(userPath(tenant, "nobody") + "/conversations").status()).isEqualTo(404);
        assertThat(get(userPath(tenant, "ana") + "/conversations?limit=0").status()).isEqualTo(400);
        assertThat(get(userPath(tenant, "ana") + "/conversations?cursor=bad").status()).isEqualTo(400);
    }

    @Test
    void aTurnOfAUsersNewConversationRecallsFromTheUsersOtherConversations() throws Exception {
        String tenant = randomId("t");
        String told = randomId("c");
        String elsewhere = randomId("c");
        String asked = randomId("c");
        importAs(tenant, told, "ana", "My sister lives in Porto.");
        importAs(tenant, elsewhere, "bruno", "Bruno's own conversation.");

        send(turn(tenant, asked, "ana", "Where does my sister live?"), "corr-user-recall");

        RecallRequested recall = awaitEvents(Topics.RECALL_REQUESTED, asked, 1, RecallRequested.class).get(0);
        // the new conversation has no archive of its own: recall reaches the user's
        // others
        assertThat(recall.recall()).isTrue();
        assertThat(recall.userConversations()).containsExactly(told);
        assertThat(get(conversationPath(tenant, asked)).body().path("userId").asString()).isEqualTo("ana");
    }

    @Test
    void aTurnThatNamesAnotherUserIsAConflictThatStoresNothing() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        importAs(tenant, conversation, "ana", "I keep bees.");

        send(turn(tenant, conversation, "bruno", "I am not ana."), "corr-user-conflict");

        TurnFailed failed = awaitEvents(Topics.TURN_FAILED, conversation, 1, TurnFailed.class).get(0);
        assertThat(failed.problem()).isEqualTo("conflict");
        assertThat(failed.field()).isEqualTo("userId");
        assertThat(get(conversationPath(tenant, conversation)).body().path("messages").asLong()).isEqualTo(1);
    }

    @Test
    void aConversationWithoutAUserRecallsNothingFromOthers() throws Exception {
        String tenant = randomId("t");
        String asked = randomId("c");
        importAs(tenant, randomId("c"), "ana", "My sister lives in Porto.");

        send(turn(tenant, asked, null, "Where does my sister live?"), "corr-no-user");

        RecallRequested recall = awaitEvents(Topics.RECALL_REQUESTED, asked, 1, RecallRequested.class).get(0);
        assertThat(recall.recall()).isFalse();
        assertThat(recall.userConversations()).isNullOrEmpty();
    }

    @Test
    void aUsersMemoryIsWhatTheUserSaidAndStillHoldsAcrossConversationsInPages() throws Exception {
        String tenant = randomId("t");
        String first = randomId("c");
        String second = randomId("c");
        importAs(tenant, first, "ana",
                List.of(Map.of("role", "user", "content", "I adopted a greyhound called Comet."),
                        Map.of("role", "assistant", "content", "Comet is a lovely name."),
                        Map.of("role", "user", "content", "I work night shifts at the observatory.")));
        importAs(tenant, second, "ana", "My favourite composer is Hildegard von Bingen.");
        importAs(tenant, randomId("c"), "bruno", "Bruno's statement.");
        // a statement a later one superseded is no longer a durable fact
        UUID superseded = this.jdbc.queryForObject("""
                SELECT m.id FROM messages m JOIN conversations c ON c.uid = m.conversation_uid
                WHERE c.tenant_id = ? AND c.conversation_id = ? AND m.sequence = 3""", UUID.class, tenant, first);
        this.jdbc.update("UPDATE memory_salience SET superseded_by = ? WHERE memory_id = ?", UUID.randomUUID(),
                superseded);

        Map<String, String> conversationOf = new HashMap<>();
        List<Double> saliences = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get(
                    userPath(tenant, "ana") + "/memory?limit=1" + (cursor == null ? "" : "&cursor=" + cursor))
                .body();
            for (JsonNode fact : page.path("facts")) {
                conversationOf.put(fact.path("text").asString(), fact.path("conversationId").asString());
                saliences.add(fact.path("salience").asDouble());
            }
            cursor = page.path("nextCursor").isString() ? page.path("nextCursor").asString() : null;
            pages++;
        }
        while (cursor != null && pages < 10);

        assertThat(conversationOf).containsOnly(Map.entry("I adopted a greyhound called Comet.", first),
                Map.entry("My favourite composer is Hildegard von Bingen.", second));
        assertThat(saliences).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(get(userPath(tenant, "ana") + "/memory?cursor=bad").status()).isEqualTo(400);
        assertThat(get(userPath(randomId("t"), "ana") + "/memory").status()).isEqualTo(404);
    }

    @Test
    void erasingAUserErasesEachOfItsConversationsAndTheUserButNotTheOtherTenantsUser() throws Exception {
        String tenant = randomId("t");
        String otherTenant = randomId("t");
        String first = randomId("c");
        String second = randomId("c");
        String kept = randomId("c");
        String othersKept = randomId("c");
        importAs(tenant, first, "ana", "First conversation.");
        importAs(tenant, second, "ana", "Second conversation.");
        importAs(tenant, kept, "bruno", "Bruno stays.");
        importAs(otherTenant, othersKept, "ana", "The other tenant's ana stays.");

        Response erased = delete(userPath(tenant, "ana"));

        assertThat(erased.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        erased.body().path("conversations").forEach(c -> ids.add(c.path("conversationId").asString()));
        assertThat(ids).containsExactlyInAnyOrder(first, second);
        assertThat(get(conversationPath(tenant, first)).status()).isEqualTo(404);
        assertThat(get(conversationPath(tenant, second)).status()).isEqualTo(404);
        assertThat(get(userPath(tenant, "ana") + "/conversations").status()).isEqualTo(404);
        assertThat(delete(userPath(tenant, "ana")).status()).isEqualTo(404);
        assertThat(awaitEvents(Topics.CONVERSATION_ERASED, first, 1, ConversationErased.class)).hasSize(1);
        assertThat(awaitEvents(Topics.CONVERSATION_ERASED, second, 1, ConversationErased.class)).hasSize(1);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM users WHERE tenant_id = ? AND user_id = 'ana'",
                Long.class, tenant))
            .isZero();
        assertThat(get(conversationPath(tenant, kept)).status()).isEqualTo(200);
        assertThat(get(conversationPath(otherTenant, othersKept)).status()).isEqualTo(200);
        assertThat(get(userPath(otherTenant, "ana") + "/conversations").body().path("conversations")).hasSize(1);
    }

    private Response importAs(String tenant, String conversation, String userId, String content) throws Exception {
        return importAs(tenant, conversation, userId, List.of(Map.of("role", "user", "content", content)));
    }

    private Response importAs(String tenant, String conversation, String userId, List<Map<String, String>> messages)
            throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("messages", messages);
        if (userId != null) {
            body.put("userId", userId);
        }
        return post(conversationPath(tenant, conversation) + "/messages:import", body);
    }

    private static String userPath(String tenant, String userId) {
        return "/internal/tenants/" + tenant + "/users/" + userId;
    }

    private static TurnRequested turn(String tenant, String conversation, String userId, String content) {
        return new TurnRequested(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), tenant, conversation,
                UUID.randomUUID(), new MessageInput("user", content, "Ana", null, null, null), false, null, userId);
    }

}
