package dev.skein.memory.salience;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.SalienceChanged;
import dev.skein.contracts.SalientMemory;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnRequested;
import dev.skein.contracts.Usage;
import dev.skein.memory.AbstractMemoryServiceIT;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every change to a conversation's salient memories announces them on
 * {@code memory.salience-changed.v1}, the same list the memory-service answers on
 * {@code /salient}, with a version that grows: an import and a turn's reply by the
 * stream's head, a pin and a deleted turn by the edit clock. A turn's own changes are
 * announced with its reply, which reads the list with the rows it reinforces.
 */
class SalienceAnnouncedIT extends AbstractMemoryServiceIT {

    @Test
    void anImportATurnAPinAndADeletionEachAnnounceTheSalientMemoriesAsTheyLeftThem() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        List<Map<String, Object>> history = new ArrayList<>();
        String[] topics = { "the harbour of Valletta", "a violin lesson on Tuesday", "the marathon in Lisbon",
                "my neighbour's parrot", "a recipe for fig jam", "the broken bicycle chain" };
        for (int i = 0; i < 12; i++) {
            history.add(Map.of("role", i % 2 == 0 ? "user" : "assistant", "content",
                    "Message " + i + " is about " + topics[i % topics.length] + " and nothing else."));
        }
        assertThat(post(path + "/messages:import", Map.of("messages", history)).status()).isEqualTo(200);
        SalienceChanged imported = awaitEvents(Topics.SALIENCE_CHANGED, conversation, 1, SalienceChanged.class).get(0);
        assertThat(imported.sequence()).isEqualTo(12);
        assertThat(imported.edits()).isZero();
        assertThat(imported.salient()).isNotEmpty().isEqualTo(salientNow(path));

        TurnRequested turn = new TurnRequested(UUID.randomUUID(), Instant.now(), tenant, conversation,
                UUID.randomUUID(),
                new MessageInput("user", "What did I say about the marathon in Lisbon?", "Ana", null, null, null),
                false);
        send(turn, "c-turn");
        // the turn's changes are announced with its reply, which follows it at once
        RecallRequested recall = awaitEvents(Topics.RECALL_REQUESTED, conversation, 1, RecallRequested.class).get(0);
        assertThat(recall.salient()).isNotEmpty();
        List<SalientMemory> turned = salientNow(path);

        // the reply recalled the memory least salient now: reinforced, it rises
        UUID recalled = turned.get(turned.size() - 1).memoryId();
        double before = turned.get(turned.size() - 1).salience();
        send(new ReplyGenerated(UUID.randomUUID(), Instant.now(), tenant, conversation, turn.turnId(),
                "You said it was on a Sunday.", "extractive", List.of(new Evidence(recalled, "turn", "Ana",
                        "the marathon", 1.0, List.of(), List.of(recalled), 0, 0, Instant.now())),
                new Usage(0, 0, 0, 0), List.of(), 0), "c-reply");
        SalienceChanged replied = awaitEvents(Topics.SALIENCE_CHANGED, conversation, 2, SalienceChanged.class).get(1);
        assertThat(replied.sequence()).isEqualTo(14);
        assertThat(replied.edits()).isZero();
        assertThat(replied.salient()).isEqualTo(salientNow(path));
        assertThat(replied.salient()).filteredOn(memory -> memory.memoryId().equals(recalled))
            .singleElement()
            .satisfies(memory -> assertThat(memory.salience()).isGreaterThan(before));

        // the turn least salient now: pinned, it rises to the floor
        UUID pinned = replied.salient().get(replied.salient().size() - 1).memoryId();
        assertThat(patch(path + "/memories/" + pinned, "{\"pinned\":true}").status()).isEqualTo(200);
        SalienceChanged pin = awaitEvents(Topics.SALIENCE_CHANGED, conversation, 3, SalienceChanged.class).get(2);
        assertThat(pin.sequence()).isEqualTo(14);
        assertThat(pin.edits()).isEqualTo(1);
        assertThat(pin.salient()).isEqualTo(salientNow(path));
        assertThat(pin.salient()).filteredOn(memory -> memory.memoryId().equals(pinned))
            .singleElement()
            .satisfies(memory -> assertThat(memory.salience()).isGreaterThanOrEqualTo(0.5));

        UUID deleted = pin.salient().get(0).memoryId();
        assertThat(delete(path + "/memories/" + deleted).status()).isEqualTo(200);
        SalienceChanged deletion = awaitEvents(Topics.SALIENCE_CHANGED, conversation, 4, SalienceChanged.class).get(3);
        assertThat(deletion.sequence()).isEqualTo(14);
        assertThat(deletion.edits()).isEqualTo(2);
        assertThat(deletion.salient()).isEqualTo(salientNow(path))
            .noneMatch(memory -> memory.memoryId().equals(deleted));
    }

    private List<SalientMemory> salientNow(String path) throws Exception {
        Response response = get(path + "/salient");
        assertThat(response.status()).isEqualTo(200);
        return response.body()
            .get("salient")
            .valueStream()
            .map(memory -> new SalientMemory(UUID.fromString(memory.get("memoryId").asString()),
                    memory.get("salience").asDouble()))
            .toList();
    }

    private Response patch(String path, String body) throws Exception {
        return call(signed(path).header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

}
