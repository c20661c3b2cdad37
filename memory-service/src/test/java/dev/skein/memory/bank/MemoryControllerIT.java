package dev.skein.memory.bank;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.SalientMemory;
import dev.skein.contracts.SummaryGenerated;
import dev.skein.contracts.SummaryRequested;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnRequested;
import dev.skein.contracts.Usage;
import dev.skein.memory.AbstractMemoryServiceIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory controller against the real store and broker: bank, salience, knowledge
 * updates, erasure.
 */
class MemoryControllerIT extends AbstractMemoryServiceIT {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void windowsAndSegmentSummariesArePublishedWithTheIdsOfTheirMessages() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            // a five-hour pause before message 10 ends the first session
            Instant at = T0.plus(i < 10 ? i : 300 + i, ChronoUnit.MINUTES);
            messages.add(message(i % 2 == 1 ? "user" : "assistant",
                    "Message " + i + " mentions topic" + i + " and nothing else. Word" + i + " is rare.", "m" + i, at));
        }
        JsonNode imported = post(path + "/messages:import", Map.of("messages", messages)).body();
        Map<Long, UUID> ids = new HashMap<>();
        for (JsonNode m : imported.get("messages")) {
            ids.put(m.get("sequence").asLong(), UUID.fromString(m.get("messageId").asString()));
        }
        UUID uid = UUID.fromString(get(path).body().get("conversationUid").asString());

        // 50 turns, windows 1-3 ... 47-49, segments 1-9 (pause) and 10-49 (40 messages)
        List<MemoryRecorded> recorded = awaitMemories(conversation, 50 + 24 + 2);
        Map<UUID, MemoryRecorded> byId = new LinkedHashMap<>();
        recorded.forEach(r -> byId.put(r.memoryId(), r));
        assertThat(recorded.stream().filter(r -> r.kind().equals("window"))).hasSize(24);

        MemoryRecorded window = byId.get(BankRules.memoryId(uid, "window", "3-5"));
        assertThat(window.kind()).isEqualTo("window");
        assertThat(window.messageIds()).containsExactly(ids.get(3L), ids.get(4L), ids.get(5L));
        assertThat(window.externalIds()).containsExactly("m3", "m4", "m5");
        assertThat(window.firstSequence()).isEqualTo(3);
        assertThat(window.lastSequence()).isEqualTo(5);
        assertThat(window.text()).startsWith("user: Message 3 mentions").contains("\nassistant: Message 4 ");

        MemoryRecorded session = byId.get(BankRules.memoryId(uid, "summary", "segment:1-9"));
        assertThat(session.kind()).isEqualTo("summary");
        assertThat(session.messageIds()).hasSize(9)
            .containsExactly(java.util.stream.LongStream.rangeClosed(1, 9).mapToObj(ids::get).toArray(UUID[]::new));
        assertThat(session.text()).isNotBlank();
        for (String line : session.text().split("\n")) {
            assertThat(line)
                .matches("(user|assistant): (Message \\d+ mentions topic\\d+ and nothing else\\.|Word\\d+ is rare\\.)");
        }
        MemoryRecorded long40 = byId.get(BankRules.memoryId(uid, "summary", "segment:10-49"));
        assertThat(long40.messageIds()).hasSize(40).startsWith(ids.get(10L)).endsWith(ids.get(49L));
        assertThat(long40.externalIds()).hasSize(40);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM memory.memories WHERE conversation_uid = ?",
                Long.class, uid))
            .isEqualTo(26);

        JsonNode view = get(path + "/memory").body();
        assertThat(view.get("summaries")).hasSize(2);
        assertThat(view.get("summaries").get(0).get("messageIds")).hasSize(40);
        assertThat(view.get("salience").get("windows").asLong()).isEqualTo(24);
    }

    @Test
    void theLlmsFactsOfAWindowBecomeIndexKeysOfItsTurns() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        List<Map<String, Object>> messages = new ArrayList<>();
        List<String> texts = List.of("I finally got the new locker at the gym.", "Which number is it?",
                "It's locker 4411, right by the sauna.");
        for (int i = 0; i < texts.size(); i++) {
            messages.add(message(i % 2 == 0 ? "user" : "assistant", texts.get(i), "f" + (i + 1),
                    T0.plus(i, ChronoUnit.MINUTES)));
        }
        post(path + "/messages:import", Map.of("messages", messages));
        UUID uid = UUID.fromString(get(path).body().get("conversationUid").asString());
        UUID window = BankRules.memoryId(uid, "window", "1-3");

        SummaryRequested request = awaitEvents(Topics.SUMMARY_REQUESTED, conversation, 1, SummaryRequested.class)
            .get(0);
        assertThat(request.summaryId()).isEqualTo(window);
        assertThat(request.level()).isEqualTo(MemoryBank.FACTS);
        assertThat(request.externalIds()).containsExactly("f1", "f2", "f3");
        send(new SummaryGenerated(UUID.randomUUID(), Instant.now(), tenant, conversation, uid, window,
                "- The user's gym locker is number 4411.\n- The locker is by the sauna.", "llm:fake"), "corr-facts");

        List<MemoryRecorded> facts = awaitMemories(conversation, 3 + 1 + 2).stream()
            .filter(r -> r.kind().equals("fact"))
            .toList();
        assertThat(facts).extracting(MemoryRecorded::text)
            .containsExactly("The user's gym locker is number 4411.", "The locker is by the sauna.");
        assertThat(facts).allSatisfy(fact -> {
            assertThat(fact.externalIds()).containsExactly("f1", "f2", "f3");
            assertThat(fact.messageIds()).hasSize(3);
            assertThat(fact.firstSequence()).isEqualTo(1);
            assertThat(fact.lastSequence()).isEqualTo(3);
        });
        assertThat(this.jdbc.queryForObject(
                "SELECT count(*) FROM memory.memories WHERE conversation_uid = ? " + "AND kind = 'fact'", Long.class,
                uid))
            .isEqualTo(2);
    }

    @Test
    void aRecallReinforcesAndANewerValueSupersedesTheOlderOne() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        List<String> texts = List.of("My favourite colour is blue.", "Noted, blue it is.",
                "We baked sourdough bread yesterday.", "Sourdough needs patience.",
                "The marathon training starts Monday.", "Marathons are long.", "Our neighbour adopted a parrot.",
                "Parrots talk a lot.", "My favourite colour is green.", "Okay, green from now on.");
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            messages.add(message(i % 2 == 0 ? "user" : "assistant", texts.get(i), "k" + (i + 1),
                    T0.plus(i, ChronoUnit.MINUTES)));
        }
        JsonNode imported = post(path + "/messages:import", Map.of("messages", messages)).body();
        UUID blue = UUID.fromString(imported.get("messages").get(0).get("messageId").asString());
        UUID green = UUID.fromString(imported.get("messages").get(8).get("messageId").asString());
        // the index learns of the update with the newer turn, and gets each turn's key
        // phrases as extra keys
        Map<UUID, MemoryRecorded> turns = new LinkedHashMap<>();
        awaitMemories(conversation, 10 + 4).stream()
            .filter(r -> r.kind().equals("turn"))
            .forEach(r -> turns.put(r.memoryId(), r));
        assertThat(turns.get(green).supersedes()).containsExactly(blue);
        assertThat(turns.get(blue).supersedes()).isEmpty();
        assertThat(turns.get(green).keyPhrases()).contains("green").hasSizeLessThanOrEqualTo(5);

        TurnRequested turn = new TurnRequested(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), tenant,
                conversation, UUID.randomUUID(),
                new MessageInput("user", "What is my favourite colour?", "Ann", null, null, null), false);
        send(turn, "corr-salience");
        RecallRequested recall = awaitEvents(Topics.RECALL_REQUESTED, conversation, 1, RecallRequested.class).get(0);
        assertThat(recall.recall()).isTrue();
        assertThat(recall.keyPhrases()).contains("favourite", "colour");
        // archived = older than the six flash turns (5..10): messages 1..4
        assertThat(recall.salient()).extracting(SalientMemory::memoryId).contains(blue).hasSize(4);
        assertThat(recall.salient()).allSatisfy(s -> assertThat(s.salience()).isBetween(0.0, 1.0));

        Evidence evidence = new Evidence(blue, "turn", "Ann", "My favourite colour is blue.", 0.8, List.of("k1"),
                List.of(blue), 1, 1, T0);
        send(new ReplyGenerated(UUID.randomUUID(), Instant.now(), tenant, conversation, turn.turnId(),
                "Green; it used to be blue.", "extractive", List.of(evidence), new Usage(10, 5, 30, 60), List.of(), 0),
                "corr-salience");
        awaitEvents(Topics.TURN_COMPLETED, conversation, 1, TurnCompleted.class);
        // the extractive reply quotes memories: its words do not count again in the
        // tenant's model
        assertThat(this.jdbc.queryForObject("SELECT count FROM memory.term_counts WHERE tenant_id = ? AND term = ?",
                Long.class, tenant, "green"))
            .isEqualTo(2);

        JsonNode view = get(path + "/memory").body();
        assertThat(view.get("salience").get("currentTurn").asLong()).isEqualTo(6);
        JsonNode archivedBlue = null;
        for (JsonNode a : view.get("archived")) {
            if (a.get("memoryId").asString().equals(blue.toString())) {
                archivedBlue = a;
            }
        }
        assertThat(archivedBlue).isNotNull();
        assertThat(archivedBlue.get("reason").asString()).isEqualTo("recalled at turn 6");
        assertThat(archivedBlue.get("lastReinforcedTurn").asLong()).isEqualTo(6);
        assertThat(archivedBlue.get("salience").asDouble()).isEqualTo(archivedBlue.get("base").asDouble());
        assertThat(archivedBlue.get("note").asString()).isEqualTo("possibly superseded by " + green + " at turn 5");
        // the newer value started above the older one's salience at the time
        Double greenBase = this.jdbc.queryForObject("SELECT base FROM memory.memory_salience WHERE memory_id = ?",
                Double.class, green);
        assertThat(greenBase).isGreaterThan(0.0);
    }

    @Test
    void erasureRemovesTheBankSalienceAndTheConversationsWords() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        String path = conversationPath(tenant, conversation);
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 1; i <= 42; i++) {
            messages.add(message(i % 2 == 1 ? "user" : "assistant", "Secret number " + i + " is zebra" + i + ".", null,
                    T0.plus(i, ChronoUnit.MINUTES)));
        }
        post(path + "/messages:import", Map.of("messages", messages));
        UUID uid = UUID.fromString(get(path).body().get("conversationUid").asString());
        assertThat(count("memories", uid)).isEqualTo(21);
        assertThat(count("memory_key_phrases", uid)).isPositive();
        assertThat(count("memory_salience", uid)).isEqualTo(42);
        assertThat(count("conversation_terms", uid)).isPositive();
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM memory.term_counts WHERE tenant_id = ?", Long.class,
                tenant))
            .isPositive();

        assertThat(delete(path).status()).isEqualTo(200);
        for (String table : List.of("memories", "memory_key_phrases", "memory_salience", "conversation_terms")) {
            assertThat(count(table, uid)).as(table).isZero();
        }
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM memory.term_counts WHERE tenant_id = ?", Long.class,
                tenant))
            .isZero();
        assertThat(this.jdbc.queryForObject("SELECT total FROM memory.term_totals WHERE tenant_id = ?", Long.class,
                tenant))
            .isZero();
    }

    private long count(String table, UUID uid) {
        return this.jdbc.queryForObject("SELECT count(*) FROM memory." + table + " WHERE conversation_uid = ?",
                Long.class, uid);
    }

    private static Map<String, Object> message(String role, String content, String externalId, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        if (externalId != null) {
            m.put("externalId", externalId);
        }
        m.put("createdAt", at.toString());
        return m;
    }

}
