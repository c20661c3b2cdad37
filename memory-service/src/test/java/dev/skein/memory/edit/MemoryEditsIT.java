package dev.skein.memory.edit;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.Topics;
import dev.skein.memory.AbstractMemoryServiceIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PATCH of one memory against the real database: a corrected turn's text, key phrases and
 * derived windows; a pinned turn's salience floor; bad patches changing nothing.
 */
class MemoryEditsIT extends AbstractMemoryServiceIT {

    /** skein.memory.pinned-salience-floor's default. */
    private static final double FLOOR = 0.5;

    @Test
    void aCorrectedTurnHasTheNewTextAndKeyPhrasesAndLosesTheWindowsBuiltFromTheOldOne() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        List<UUID> ids = importDistinct(path, 12);
        UUID dogTurn = ids.get(2);
        assertThat(windowsOf(dogTurn)).isPositive();

        Response patched = patch(path + "/memories/" + dogTurn, "{\"content\":\"My dog is called Brunowitz\"}");

        assertThat(patched.status()).as(String.valueOf(patched.body())).isEqualTo(200);
        JsonNode memory = patched.body().get("memory");
        assertThat(memory.get("memoryId").asString()).isEqualTo(dogTurn.toString());
        assertThat(memory.get("kind").asString()).isEqualTo("turn");
        assertThat(memory.get("content").asString()).isEqualTo("My dog is called Brunowitz");
        assertThat(memory.get("pinned").asBoolean()).isFalse();
        // the windows quoting the old text are gone, and named for the index to drop
        assertThat(windowsOf(dogTurn)).isZero();
        assertThat(patched.body().get("dropped")).isNotEmpty();
        JsonNode reindex = patched.body().get("reindex");
        assertThat(reindex.get("memoryId").asString()).isEqualTo(dogTurn.toString());
        assertThat(reindex.get("text").asString()).isEqualTo("My dog is called Brunowitz");
        assertThat(reindex.get("tenantId").asString()).isEqualTo(tenant);
        // the conversation's first correction: the index refuses what holds the turn at
        // an
        // older revision
        assertThat(reindex.get("revision").asLong()).isEqualTo(1);
        // the transcript and the key phrases hold the new text only
        JsonNode transcript = get(path + "/messages").body();
        assertThat(transcript.get("messages").get(2).get("content").asString()).isEqualTo("My dog is called Brunowitz");
        String phrases = String.join(" ", this.jdbc
            .queryForList("SELECT phrase FROM memory_key_phrases WHERE memory_id = ?", String.class, dogTurn));
        assertThat(phrases.toLowerCase()).contains("brunowitz").doesNotContain("zorblat3");

        // and through the outbox, after the old text's event on the conversation's
        // partition
        List<MemoryRecorded> recorded = awaitMemories(conversation, 12 + 5 + 1);
        assertThat(recorded.stream().filter(r -> r.memoryId().equals(dogTurn)).map(MemoryRecorded::text).toList())
            .containsExactly("My dog is called Zorblat3 quixel3.", "My dog is called Brunowitz");
        assertThat(recorded.stream().filter(r -> r.memoryId().equals(dogTurn)).map(MemoryRecorded::revision).toList())
            .containsExactly(0L, 1L);
        assertThat(recorded.stream().filter(r -> "window".equals(r.kind())).map(MemoryRecorded::revision))
            .containsOnly(0L);
        // a window built after the correction carries its number
        importDistinct(path, 2, 13);
        List<MemoryRecorded> later = awaitMemories(conversation, 12 + 5 + 1 + 2 + 1);
        assertThat(later.stream().filter(r -> "window".equals(r.kind()) && r.firstSequence() == 11)).singleElement()
            .extracting(MemoryRecorded::revision)
            .isEqualTo(1L);

        // the same text again changes nothing and re-indexes nothing
        Response again = patch(path + "/memories/" + dogTurn, "{\"content\":\"My dog is called Brunowitz\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("reindex").isMissingNode() || again.body().path("reindex").isNull()).isTrue();
    }

    @Test
    void aWindowsTextIsCorrectedInPlaceButCannotBePinned() throws Exception {
        String path = conversationPath(randomId("t"), randomId("c"));
        List<UUID> ids = importDistinct(path, 6);
        UUID window = this.jdbc.queryForObject(
                "SELECT id FROM memories WHERE kind = 'window' AND ? = ANY(message_ids) LIMIT 1", UUID.class,
                ids.get(0));

        Response patched = patch(path + "/memories/" + window, "{\"content\":\"user: a corrected window\"}");

        assertThat(patched.status()).as(String.valueOf(patched.body())).isEqualTo(200);
        assertThat(patched.body().get("memory").get("kind").asString()).isEqualTo("window");
        assertThat(patched.body().get("reindex").get("kind").asString()).isEqualTo("window");
        assertThat(this.jdbc.queryForObject("SELECT text FROM memories WHERE id = ?", String.class, window))
            .isEqualTo("user: a corrected window");
        Response pin = patch(path + "/memories/" + window, "{\"pinned\":true}");
        assertThat(pin.status()).isEqualTo(400);
        assertThat(pin.body().toString()).contains("pinned");
    }

    @Test
    void aPinnedTurnNeverDecaysBelowTheFloorAndUnpinningLetsItDecayAgain() throws Exception {
        String path = conversationPath(randomId("t"), randomId("c"));
        // 40 messages, 20 user turns: the first one has decayed far below the floor
        List<UUID> ids = importDistinct(path, 40);
        UUID first = ids.get(0);
        assertThat(archived(path, first).get("salience").asDouble()).isLessThan(FLOOR);
        assertThat(archived(path, first).get("pinned").asBoolean()).isFalse();

        Response pinned = patch(path + "/memories/" + first, "{\"pinned\":true}");

        assertThat(pinned.status()).as(String.valueOf(pinned.body())).isEqualTo(200);
        assertThat(pinned.body().get("memory").get("pinned").asBoolean()).isTrue();
        assertThat(pinned.body().get("memory").get("salience").asDouble()).isEqualTo(FLOOR);
        assertThat(pinned.body().path("reindex").isMissingNode() || pinned.body().path("reindex").isNull()).isTrue();
        JsonNode view = archived(path, first);
        assertThat(view.get("pinned").asBoolean()).isTrue();
        assertThat(view.get("salience").asDouble()).isEqualTo(FLOOR);
        // a turn's recall favours it like any memory that salient
        JsonNode salient = get(path + "/salient").body();
        assertThat(salient.toString()).contains(first.toString());
        // the top 20 of 40, pinned one included once, most salient first
        List<Double> saliences = new ArrayList<>();
        salient.get("salient").forEach(m -> saliences.add(m.get("salience").asDouble()));
        assertThat(saliences).hasSize(20).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(salient.get("salient").findValuesAsString("memoryId")).doesNotHaveDuplicates();

        // more turns: still at the floor
        importDistinct(path, 10, 100);
        assertThat(archived(path, first).get("salience").asDouble()).isEqualTo(FLOOR);

        Response unpinned = patch(path + "/memories/" + first, "{\"pinned\":false}");
        assertThat(unpinned.body().get("memory").get("pinned").asBoolean()).isFalse();
        assertThat(archived(path, first).get("salience").asDouble()).isLessThan(FLOOR);
    }

    @Test
    void badPatchesAre400sNamingTheFieldUnknownMemoriesAre404sAndNothingChanges() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        UUID turn = importDistinct(path, 4).get(1);

        for (String body : List.of("{}", "{\"content\":\"  \"}", "{\"content\":\"a\\u0000b\"}")) {
            Response bad = patch(path + "/memories/" + turn, body);
            assertThat(bad.status()).as(body).isEqualTo(400);
            assertThat(bad.contentType()).startsWith("application/problem+json");
            assertThat(bad.body().toString()).as(body).contains("content");
        }
        assertThat(patch(path + "/memories/" + turn, "{\"pinned\":\"maybe\"}").status()).isEqualTo(400);
        assertThat(patch(path + "/memories/" + UUID.randomUUID(), "{\"pinned\":true}").status()).isEqualTo(404);
        // another tenant's path to the same memory
        assertThat(patch(conversationPath(randomId("t"), conversation) + "/memories/" + turn, "{\"pinned\":true}")
            .status()).isEqualTo(404);
        assertThat(get(path + "/messages").body().get("messages").get(1).get("content").asString())
            .isEqualTo("Zorblat2 quixel2 frindle2.");
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM memory_salience WHERE memory_id = ? AND pinned",
                Long.class, turn))
            .isZero();
    }

    @Test
    void aDeletedTurnNamesItsMessageForTheIndexToRefuseWhatStillHoldsIt() throws Exception {
        String path = conversationPath(randomId("t"), randomId("c"));
        List<UUID> ids = importDistinct(path, 12);
        UUID dogTurn = ids.get(2);
        List<UUID> derived = this.jdbc.queryForList("SELECT id FROM memories WHERE ? = ANY(message_ids)", UUID.class,
                dogTurn);
        assertThat(derived).isNotEmpty();
        String uid = get(path).body().get("conversationUid").asString();

        Response deleted = delete(path + "/memories/" + dogTurn);

        assertThat(deleted.status()).as(String.valueOf(deleted.body())).isEqualTo(200);
        List<String> removed = new ArrayList<>();
        deleted.body().get("memoryIds").forEach(id -> removed.add(id.asString()));
        assertThat(removed).contains(dogTurn.toString()).containsAll(derived.stream().map(UUID::toString).toList());
        assertThat(deleted.body().get("conversationUid").asString()).isEqualTo(uid);
        assertThat(deleted.body().get("deletedMessageIds").toString()).isEqualTo("[\"" + dogTurn + "\"]");
        assertThat(windowsOf(dogTurn)).isZero();

        // a window goes alone: no message is deleted
        UUID window = this.jdbc.queryForObject(
                "SELECT id FROM memories WHERE kind = 'window' AND ? = ANY(message_ids) LIMIT 1", UUID.class,
                ids.get(8));
        Response alone = delete(path + "/memories/" + window);
        assertThat(alone.status()).isEqualTo(200);
        assertThat(alone.body().get("memoryIds").toString()).isEqualTo("[\"" + window + "\"]");
        assertThat(alone.body().get("deletedMessageIds")).isEmpty();
        assertThat(delete(path + "/memories/" + window).status()).isEqualTo(404);
    }

    private List<UUID> importDistinct(String path, int count) throws Exception {
        return importDistinct(path, count, 1);
    }

    /**
     * Messages whose words all differ, so none reinforces another; message 3 is about a
     * dog.
     */
    private List<UUID> importDistinct(String path, int count, int from) throws Exception {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", (i % 2 == 1) ? "user" : "assistant");
            message.put("content", (i == 3) ? "My dog is called Zorblat3 quixel3."
                    : "Zorblat" + i + " quixel" + i + " frindle" + i + ".");
            messages.add(message);
        }
        return importMessages(path, messages);
    }

    private JsonNode archived(String path, UUID memoryId) throws Exception {
        JsonNode view = get(path + "/memory").body();
        for (JsonNode archived : view.get("archived")) {
            if (archived.get("memoryId").asString().equals(memoryId.toString())) {
                return archived;
            }
        }
        throw new AssertionError("not archived: " + memoryId + " in " + view);
    }

    private long windowsOf(UUID messageId) {
        return this.jdbc.queryForObject("SELECT count(*) FROM memories WHERE ? = ANY(message_ids)", Long.class,
                messageId);
    }

    private Response patch(String path, String body) throws Exception {
        return call(signed(path).header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

}
