package dev.skein.memory.salience;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.skein.contracts.MemorySuperseded;
import dev.skein.memory.AbstractMemoryServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A knowledge update the retrieval-service found by meaning ("I moved to Lisbon." after
 * "I live in Berlin.", no shared phrase, so no lexical mark here) reaches the memory view
 * and the user's durable facts through {@code retrieval.memory-superseded.v1}: the older
 * statement shows as possibly superseded by the newer one at its turn, and the user's
 * facts drop it. Only the conversation incarnation of the event's tenant is touched, and
 * a mark is never replaced by one of an older statement.
 */
class UpdatesFoundByMeaningIT extends AbstractMemoryServiceIT {

    @Autowired
    private UpdatesFoundByMeaning updates;

    @Test
    void aMarkByMeaningShowsInTheViewAndDropsTheStatementFromTheUsersFacts() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String user = randomId("u");
        List<String> texts = List.of("I live in Berlin.", "Nice city.", "We baked sourdough bread on Sunday.",
                "Sourdough takes patience.", "I moved to Lisbon.", "Congratulations on the move.",
                "My cat likes the balcony.", "Cats love the sun.", "The tram is slow today.", "Trams are calm.",
                "I play chess on Fridays.", "Chess is a fine habit.");
        List<Map<String, String>> messages = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            messages.add(Map.of("role", i % 2 == 0 ? "user" : "assistant", "content", texts.get(i)));
        }
        Map<String, Object> body = new HashMap<>();
        body.put("messages", messages);
        body.put("userId", user);
        Response imported = post(conversationPath(tenant, conversation) + "/messages:import", body);
        assertThat(imported.status()).as(String.valueOf(imported.body())).isEqualTo(200);
        UUID berlin = messageId(imported, 0);
        UUID bread = messageId(imported, 2);
        UUID lisbon = messageId(imported, 4);
        UUID uid = UUID
            .fromString(get(conversationPath(tenant, conversation)).body().path("conversationUid").asString());
        // the lexical rule sees no update here
        assertThat(archived(tenant, conversation, berlin).path("supersededBy").isNull()).isTrue();
        assertThat(factIds(tenant, user)).contains(berlin, lisbon);

        // another tenant's event naming this incarnation changes nothing
        send(new MemorySuperseded(UUID.randomUUID(), Instant.now(), randomId("t"), conversation, uid, lisbon,
                List.of(bread)), null);
        send(new MemorySuperseded(UUID.randomUUID(), Instant.now(), tenant, conversation, uid, lisbon, List.of(berlin)),
                null);

        await().atMost(WAIT).until(() -> !factIds(tenant, user).contains(berlin));
        JsonNode older = archived(tenant, conversation, berlin);
        assertThat(older.path("supersededBy").asString()).isEqualTo(lisbon.toString());
        // Berlin, bread, Lisbon: the third user turn
        assertThat(older.path("supersededAtTurn").asLong()).isEqualTo(3);
        assertThat(older.path("note").asString()).isEqualTo("possibly superseded by " + lisbon + " at turn 3");
        assertThat(factIds(tenant, user)).contains(lisbon, bread);
        assertThat(archived(tenant, conversation, bread).path("supersededBy").isNull()).isTrue();

        // the same event again, and an older statement's mark, change nothing
        MemorySuperseded again = new MemorySuperseded(UUID.randomUUID(), Instant.now(), tenant, conversation, uid,
                lisbon, List.of(berlin));
        assertThat(this.updates.on(again)).isZero();
        assertThat(this.updates.on(again)).isZero();
        assertThat(this.updates.on(new MemorySuperseded(UUID.randomUUID(), Instant.now(), tenant, conversation, uid,
                bread, List.of(berlin))))
            .isZero();
        assertThat(archived(tenant, conversation, berlin).path("supersededBy").asString()).isEqualTo(lisbon.toString());
        // a statement never supersedes a later one
        assertThat(this.updates.on(new MemorySuperseded(UUID.randomUUID(), Instant.now(), tenant, conversation, uid,
                bread, List.of(lisbon))))
            .isZero();
        // nor one of another incarnation of the conversation
        assertThat(this.updates.on(new MemorySuperseded(UUID.randomUUID(), Instant.now(), tenant, conversation,
                UUID.randomUUID(), lisbon, List.of(bread))))
            .isZero();
        assertThat(factIds(tenant, user)).contains(lisbon, bread).doesNotContain(berlin);
    }

    private static UUID messageId(Response imported, int index) {
        return UUID.fromString(imported.body().path("messages").get(index).path("messageId").asString());
    }

    private JsonNode archived(String tenant, String conversation, UUID memoryId) throws Exception {
        Response view = get(conversationPath(tenant, conversation) + "/memory");
        assertThat(view.status()).isEqualTo(200);
        for (JsonNode entry : view.body().path("archived")) {
            if (entry.path("memoryId").asString().equals(memoryId.toString())) {
                return entry;
            }
        }
        throw new AssertionError(memoryId + " is not among the archived memories: " + view.body());
    }

    private List<UUID> factIds(String tenant, String user) throws Exception {
        Response facts = get("/internal/tenants/" + tenant + "/users/" + user + "/memory?limit=50");
        assertThat(facts.status()).as(String.valueOf(facts.body())).isEqualTo(200);
        List<UUID> ids = new ArrayList<>();
        facts.body().path("facts").forEach((fact) -> ids.add(UUID.fromString(fact.path("memoryId").asString())));
        return ids;
    }

}
