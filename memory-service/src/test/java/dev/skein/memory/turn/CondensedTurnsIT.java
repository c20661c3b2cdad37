package dev.skein.memory.turn;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.contracts.MessageInput;
import dev.skein.contracts.TurnRequested;
import dev.skein.memory.AbstractMemoryServiceIT;
import dev.skein.testsupport.database.StatementCounter;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long flash turn is condensed by the first turn whose plan needs it and kept with the
 * message: the next turns' plans read it instead of making it again (FlashCondenser),
 * until a correction of the text or another limit asks for a new one.
 */
class CondensedTurnsIT extends AbstractMemoryServiceIT {

    /** Statement of the tenant's lookup, made for each condensation. */
    private static final String TENANT_LOOKUP = "SELECT tenant_id FROM conversations WHERE uid";

    @Autowired
    private TurnHandler turns;

    @Test
    void aLongTurnIsCondensedOnceAndReadWithItsMessageByTheNextTurns() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        List<UUID> ids = importHistory(path);

        List<String> first = StatementCounter.during(() -> this.turns.on(turn(tenant, conversation, 1), "c-1"));

        Map<UUID, String> kept = kept(ids);
        // every long reply among the recent turns was condensed and kept; no short one
        assertThat(kept).isNotEmpty().allSatisfy((id, text) -> assertThat(text).isNotBlank());
        assertThat(kept.keySet()).allSatisfy(id -> assertThat(ids.indexOf(id) % 2).isEqualTo(1));
        assertThat(first).filteredOn(sql -> sql.startsWith(TENANT_LOOKUP)).hasSize(kept.size());
        Integer limit = this.jdbc.queryForObject(
                "SELECT DISTINCT condensed_for FROM messages WHERE id = ANY(?::uuid[])", Integer.class,
                (Object) kept.keySet().stream().map(UUID::toString).toArray(String[]::new));
        assertThat(limit).isPositive();
        // the plan showed what it kept
        Map<UUID, String> shown = flash(path);
        shown.keySet().retainAll(kept.keySet());
        assertThat(shown).isNotEmpty().isEqualTo(summaries(kept, shown.keySet()));

        // the next turn reads the kept summaries: a marker written in their place shows
        UUID marked = newest(ids, kept);
        this.jdbc.update("UPDATE messages SET condensed = 'kept summary of the reply' WHERE id = ?", marked);
        List<String> second = StatementCounter.during(() -> this.turns.on(turn(tenant, conversation, 2), "c-2"));
        assertThat(second).noneMatch(sql -> sql.startsWith(TENANT_LOOKUP))
            .noneMatch(sql -> sql.startsWith("UPDATE messages SET condensed"));
        assertThat(flash(path)).containsEntry(marked, "[summary] kept summary of the reply");

        // made for another limit: made again for this one, and kept
        this.jdbc.update("UPDATE messages SET condensed_for = ? WHERE id = ?", limit + 1, marked);
        this.turns.on(turn(tenant, conversation, 3), "c-3");
        assertThat(this.jdbc.queryForMap("SELECT condensed, condensed_for FROM messages WHERE id = ?", marked))
            .containsEntry("condensed", kept.get(marked))
            .containsEntry("condensed_for", limit);
    }

    @Test
    void aCorrectedTurnLosesItsSummary() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        List<UUID> ids = importHistory(path);
        this.turns.on(turn(tenant, conversation, 1), "c-1");
        UUID corrected = newest(ids, kept(ids));

        Response patched = call(signed(path + "/memories/" + corrected).header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"content\":\"" + longText(99) + "\"}")));

        assertThat(patched.status()).as(String.valueOf(patched.body())).isEqualTo(200);
        assertThat(this.jdbc.queryForMap("SELECT condensed, condensed_for FROM messages WHERE id = ?", corrected))
            .containsEntry("condensed", null)
            .containsEntry("condensed_for", null);
        // the view condenses the new text without keeping it: only a turn keeps one
        assertThat(flash(path).get(corrected)).startsWith("[summary] ").contains("topic99");
        assertThat(kept(ids)).doesNotContainKey(corrected);
    }

    /**
     * Short user messages and long assistant replies, each reply over a flash turn's
     * limit.
     */
    private List<UUID> importHistory(String path) throws Exception {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", i % 2 == 0 ? "user" : "assistant");
            message.put("content", i % 2 == 0 ? "Tell me about topic" + i + " please." : longText(i));
            messages.add(message);
        }
        return importMessages(path, messages);
    }

    /** About 600 tokens in 40 sentences. */
    private static String longText(int i) {
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < 40; s++) {
            text.append("Sentence ")
                .append(s)
                .append(" of topic")
                .append(i)
                .append(" tells of the harbour, a boat named Wave")
                .append(s % 7)
                .append(" and the market. ");
        }
        return text.toString().trim();
    }

    private static TurnRequested turn(String tenant, String conversation, int n) {
        return new TurnRequested(UUID.randomUUID(), Instant.now(), tenant, conversation, UUID.randomUUID(),
                new MessageInput("user", "What about the boats, again? (" + n + ")", null, null, null, null), false);
    }

    /** The kept summaries among these messages, by message. */
    private Map<UUID, String> kept(List<UUID> ids) {
        Map<UUID, String> kept = new LinkedHashMap<>();
        this.jdbc.query("SELECT id, condensed FROM messages WHERE id = ANY(?::uuid[]) AND condensed IS NOT NULL",
                rs -> {
                    kept.put(rs.getObject("id", UUID.class), rs.getString("condensed"));
                }, (Object) ids.stream().map(UUID::toString).toArray(String[]::new));
        return kept;
    }

    /** How flash memory shows these kept summaries. */
    private static Map<UUID, String> summaries(Map<UUID, String> kept, Iterable<UUID> ids) {
        Map<UUID, String> shown = new LinkedHashMap<>();
        ids.forEach(id -> shown.put(id, "[summary] " + kept.get(id)));
        return shown;
    }

    /**
     * The latest message with a kept summary: among the recent turns of the next few
     * turns too.
     */
    private static UUID newest(List<UUID> ids, Map<UUID, String> kept) {
        for (int i = ids.size() - 1; i >= 0; i--) {
            if (kept.containsKey(ids.get(i))) {
                return ids.get(i);
            }
        }
        throw new AssertionError("no kept summary");
    }

    /** Flash memory's turns in the memory view, by message. */
    private Map<UUID, String> flash(String path) throws Exception {
        Map<UUID, String> flash = new LinkedHashMap<>();
        for (JsonNode turn : get(path + "/memory").body().get("flash").get("turns")) {
            flash.put(UUID.fromString(turn.get("messageId").asString()), turn.get("content").asString());
        }
        return flash;
    }

}
