package dev.skein.memory.messaging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.FlashTurn;
import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.TurnRequested;
import dev.skein.contracts.Usage;
import dev.skein.memory.AbstractMemoryServiceIT;
import dev.skein.platform.tokens.TokenCounter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A turn through the real broker: TurnRequested in, MemoryRecorded + RecallRequested out,
 * then the reply.
 */
class TurnFlowIT extends AbstractMemoryServiceIT {

    @Autowired
    TokenCounter tokens;

    @Test
    void firstTurnIsRecordedAndRequestsNoRecall() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        TurnRequested turn = turn(tenant, conversation, "Hi, I am Caroline and I paint lighthouses.");
        send(turn, "corr-first");

        MemoryRecorded recorded = awaitMemories(conversation, 1).get(0);
        RecallRequested recall = awaitEvents(Topics.RECALL_REQUESTED, conversation, 1, RecallRequested.class).get(0);

        assertThat(recorded.kind()).isEqualTo("turn");
        assertThat(recorded.tenantId()).isEqualTo(tenant);
        assertThat(recorded.text()).isEqualTo(turn.message().content());
        assertThat(recorded.role()).isEqualTo("user");
        assertThat(recorded.speaker()).isEqualTo("Caroline");
        assertThat(recorded.firstSequence()).isEqualTo(1);
        assertThat(recorded.lastSequence()).isEqualTo(1);
        assertThat(recorded.messageIds()).containsExactly(recorded.memoryId());
        assertThat(recorded.externalIds()).containsExactly(turn.message().externalId());
        assertThat(recorded.createdAt()).isEqualTo(turn.occurredAt());

        assertThat(recall.turnId()).isEqualTo(turn.turnId());
        assertThat(recall.conversationUid()).isEqualTo(recorded.conversationUid());
        assertThat(recall.userTurn().messageId()).isEqualTo(recorded.memoryId());
        assertThat(recall.userTurn().sequence()).isEqualTo(1);
        assertThat(recall.flash()).isEmpty();
        assertThat(recall.recall()).isFalse();
        assertThat(recall.recallBeforeSequence()).isEqualTo(1);
        int messageTokens = this.tokens.count(turn.message().content());
        assertThat(recall.recallTokenBudget()).isEqualTo(2500 - messageTokens);
        assertThat(recall.historyTokens()).isEqualTo(messageTokens);
        assertThat(recall.topK()).isEqualTo(6);
        assertThat(recall.query()).isEqualTo(turn.message().content());
        assertThat(recall.keyPhrases()).contains("lighthouses", "caroline");
        assertThat(correlationIds(Topics.RECALL_REQUESTED, conversation)).containsExactly("corr-first");
    }

    @Test
    void laterTurnGetsTheSixPreviousMessagesAsFlashAndRecallsOlderOnes() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        List<Map<String, Object>> history = new ArrayList<>();
        long historyTokens = 0;
        for (int i = 1; i <= 8; i++) {
            String content = "history message number " + i;
            historyTokens += this.tokens.count(content);
            history.add(Map.of("role", i % 2 == 1 ? "user" : "assistant", "content", content, "externalId", "h" + i));
        }
        Response imported = post(conversationPath(tenant, conversation) + "/messages:import",
                Map.of("messages", history));
        assertThat(imported.status()).isEqualTo(200);

        TurnRequested turn = turn(tenant, conversation, "What did we say in message number two?");
        send(turn, "corr-later");
        RecallRequested recall = awaitEvents(Topics.RECALL_REQUESTED, conversation, 1, RecallRequested.class).get(0);

        assertThat(recall.userTurn().sequence()).isEqualTo(9);
        assertThat(recall.flash()).extracting(FlashTurn::sequence).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(recall.flash()).extracting(FlashTurn::content)
            .containsExactly("history message number 3", "history message number 4", "history message number 5",
                    "history message number 6", "history message number 7", "history message number 8");
        assertThat(recall.recall()).isTrue();
        assertThat(recall.recallBeforeSequence()).isEqualTo(3);
        int flashTokens = 0;
        for (FlashTurn flash : recall.flash()) {
            flashTokens += this.tokens.count(flash.content());
        }
        int messageTokens = this.tokens.count(turn.message().content());
        assertThat(recall.recallTokenBudget()).isEqualTo(2500 - flashTokens - messageTokens);
        assertThat(recall.historyTokens()).isEqualTo(historyTokens + messageTokens);
        // the import's MemoryRecorded events come first, in stream order, then the turn's
        // (windows of three turns come with them: 1-3, 3-5, 5-7, 7-9)
        List<MemoryRecorded> recorded = awaitMemories(conversation, 13);
        assertThat(recorded.stream().filter(r -> r.kind().equals("turn"))).extracting(MemoryRecorded::lastSequence)
            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(recorded.stream().filter(r -> r.kind().equals("window"))).extracting(MemoryRecorded::lastSequence)
            .containsExactly(3L, 5L, 7L, 9L);
        // the import's on a topic of their own, the turn's on the chats' topic, with the
        // announcement of the import's range before it
        assertThat(awaitEvents(Topics.MEMORY_IMPORTED, conversation, 8 + 3, MemoryRecorded.class))
            .extracting(MemoryRecorded::lastSequence)
            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 3L, 5L, 7L);
        List<MemoryRecorded> chats = awaitEvents(Topics.MEMORY_RECORDED, conversation, 1 + 2, MemoryRecorded.class);
        assertThat(chats.get(0).announcesImport()).isTrue();
        assertThat(chats.get(0).firstSequence()).isEqualTo(1);
        assertThat(chats.get(0).lastSequence()).isEqualTo(8);
        assertThat(chats.get(0).text()).isEmpty();
        assertThat(chats.subList(1, chats.size())).extracting(MemoryRecorded::kind).containsExactly("turn", "window");
        assertThat(chats.subList(1, chats.size())).extracting(MemoryRecorded::lastSequence).containsExactly(9L, 9L);
    }

    @Test
    void redeliveredTurnIsAppendedOnce() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        TurnRequested turn = turn(tenant, conversation, "Remember that my sister is called Mel.");
        send(turn, "corr-1");
        send(turn, "corr-1");
        // a second turn behind the duplicate on the same partition: once it is through,
        // the
        // duplicate has been handled too
        TurnRequested next = turn(tenant, conversation, "And my brother is called Joe.");
        send(next, "corr-2");

        List<RecallRequested> recalls = awaitEvents(Topics.RECALL_REQUESTED, conversation, 2, RecallRequested.class);
        assertThat(recalls).extracting(RecallRequested::turnId).containsExactly(turn.turnId(), next.turnId());
        assertThat(recalls.get(1).userTurn().sequence()).isEqualTo(2);
        assertThat(recalls.get(1).flash()).extracting(FlashTurn::sequence).containsExactly(1L);

        List<MemoryRecorded> recorded = awaitMemories(conversation, 2);
        assertThat(recorded).hasSize(2);
        JsonNode transcript = get(conversationPath(tenant, conversation) + "/messages").body();
        assertThat(transcript.get("messages")).hasSize(2);
    }

    @Test
    void replyIsStoredOnceAndCompletesTheTurn() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        TurnRequested turn = turn(tenant, conversation, "Where do I keep my paint brushes?");
        send(turn, "corr-reply");
        awaitEvents(Topics.RECALL_REQUESTED, conversation, 1, RecallRequested.class);

        Evidence evidence = new Evidence(UUID.randomUUID(), "turn", null, "in the blue box", 0.9, List.of("x1"),
                List.of(UUID.randomUUID()), 1, 1, Instant.now());
        ReplyGenerated reply = new ReplyGenerated(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS),
                tenant, conversation, turn.turnId(), "In the blue box.", "extractive", List.of(evidence),
                new Usage(100, 5, 60, 12), List.of(), 840);
        send(reply, "corr-reply");
        // the generation-service answered the same turn twice (a redelivered request)
        ReplyGenerated again = new ReplyGenerated(UUID.randomUUID(), Instant.now(), tenant, conversation, turn.turnId(),
                "A different second reply.", "extractive", List.of(), new Usage(1, 1, 1, 1), List.of(), 0);
        send(again, "corr-reply");

        List<TurnCompleted> completed = awaitEvents(Topics.TURN_COMPLETED, conversation, 2, TurnCompleted.class);
        TurnCompleted first = completed.get(0);
        assertThat(first.turnId()).isEqualTo(turn.turnId());
        assertThat(first.sequence()).isEqualTo(2);
        assertThat(first.content()).isEqualTo("In the blue box.");
        assertThat(first.generatedBy()).isEqualTo("extractive");
        assertThat(first.evidence()).containsExactly(evidence);
        assertThat(first.usage()).isEqualTo(new Usage(100, 5, 60, 12));
        // the gateway takes the generation's time from the turn's (its admission)
        assertThat(first.generationMillis()).isEqualTo(840);
        assertThat(completed.get(1).messageId()).isEqualTo(first.messageId());
        assertThat(completed.get(1).content()).isEqualTo("In the blue box.");
        // the stored reply's evidence and usage, not the second one's
        assertThat(completed.get(1).evidence()).containsExactly(evidence);
        assertThat(completed.get(1).usage()).isEqualTo(new Usage(100, 5, 60, 12));

        JsonNode messages = get(conversationPath(tenant, conversation) + "/messages").body().get("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("role").asString()).isEqualTo("user");
        assertThat(messages.get(1).get("role").asString()).isEqualTo("assistant");
        assertThat(messages.get(1).get("speaker").asString()).isEqualTo("assistant");
        assertThat(messages.get(1).get("content").asString()).isEqualTo("In the blue box.");
        assertThat(Instant.parse(messages.get(1).get("createdAt").asString())).isEqualTo(reply.occurredAt());
        assertThat(messages.get(1).get("messageId").asString()).isEqualTo(first.messageId().toString());

        List<MemoryRecorded> recorded = awaitMemories(conversation, 2);
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(1).role()).isEqualTo("assistant");
        assertThat(recorded.get(1).memoryId()).isEqualTo(first.messageId());
        // the extractive responder only quotes memories: nothing new to index, the
        // watermark still moves
        assertThat(recorded.get(1).text()).isEmpty();
        assertThat(recorded.get(1).lastSequence()).isEqualTo(2);
        assertThat(recorded.get(0).text()).isEqualTo("Where do I keep my paint brushes?");
    }

    @Test
    void replyToADeletedConversationFailsTheTurnAndStoresNothing() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        TurnRequested turn = turn(tenant, conversation, "Please forget everything.");
        send(turn, "corr-del");
        awaitEvents(Topics.RECALL_REQUESTED, conversation, 1, RecallRequested.class);
        assertThat(delete(conversationPath(tenant, conversation)).status()).isEqualTo(200);

        send(new ReplyGenerated(UUID.randomUUID(), Instant.now(), tenant, conversation, turn.turnId(), "Done.",
                "extractive", List.of(), new Usage(1, 1, 1, 1), List.of(), 0), "corr-del");

        TurnFailed failed = awaitEvents(Topics.TURN_FAILED, conversation, 1, TurnFailed.class).get(0);
        assertThat(failed.turnId()).isEqualTo(turn.turnId());
        assertThat(failed.stage()).isEqualTo("memory");
        assertThat(failed.reason()).isEqualTo("conversation was deleted");
        assertThat(get(conversationPath(tenant, conversation)).status()).isEqualTo(404);
    }

    @Test
    void invalidTurnIsAnsweredWithTurnFailed() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        TurnRequested turn = new TurnRequested(UUID.randomUUID(), Instant.now(), tenant, conversation,
                UUID.randomUUID(), new MessageInput("robot", "  ", null, null, null, null), false);
        send(turn, "corr-bad");

        TurnFailed failed = awaitEvents(Topics.TURN_FAILED, conversation, 1, TurnFailed.class).get(0);
        assertThat(failed.turnId()).isEqualTo(turn.turnId());
        assertThat(failed.stage()).isEqualTo("memory");
        assertThat(failed.reason()).startsWith("invalid message: message.role");
        assertThat(get(conversationPath(tenant, conversation)).status()).isEqualTo(404);
    }

    @Test
    void aTurnTheDatabaseCouldNotStoreIsRefusedAtOnceNotRetried() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        TurnRequested turn = new TurnRequested(UUID.randomUUID(), Instant.now(), tenant, conversation,
                UUID.randomUUID(), new MessageInput("user", "nul \u0000 inside", null, null, null, null), false);
        send(turn, "corr-nul");

        TurnFailed failed = awaitEvents(Topics.TURN_FAILED, conversation, 1, TurnFailed.class).get(0);
        assertThat(failed.turnId()).isEqualTo(turn.turnId());
        // refused by the rules (one delivery), not "could not be stored" after three
        assertThat(failed.reason()).startsWith("invalid message: message.content must not contain NUL");
        assertThat(get(conversationPath(tenant, conversation)).status()).isEqualTo(404);
    }

    @Test
    void aDotSegmentIsNotAConversationId() throws Exception {
        TurnRequested turn = new TurnRequested(UUID.randomUUID(), Instant.now(), randomId("t"), "..", UUID.randomUUID(),
                new MessageInput("user", "hello", null, null, null, null), false);
        send(turn, "corr-dots");

        // the embedded broker is new for each test run: this is the only turn keyed ".."
        TurnFailed failed = awaitEvents(Topics.TURN_FAILED, "..", 1, TurnFailed.class).get(0);
        assertThat(failed.turnId()).isEqualTo(turn.turnId());
        assertThat(failed.reason()).startsWith("invalid message: conversationId");
    }

    @Test
    void unexpectedFailureAnswersTheTurnAndParksTheRecordOnTheDeadLetterTopic() throws Exception {
        String tenant = randomId("t");
        TurnRequested first = turn(tenant, randomId("c"), "A first message.");
        send(first, "corr-ok");
        awaitEvents(Topics.RECALL_REQUESTED, first.conversationId(), 1, RecallRequested.class);
        // the same turn id in another conversation maps to a message id that is taken:
        // the insert
        // fails on every attempt, as an unexpected database error would
        String conversation = randomId("c");
        TurnRequested clash = new TurnRequested(UUID.randomUUID(), Instant.now(), tenant, conversation, first.turnId(),
                new MessageInput("user", "Clashing.", null, null, null, null), false);
        send(clash, "corr-clash");

        TurnFailed failed = awaitEvents(Topics.TURN_FAILED, conversation, 1, TurnFailed.class).get(0);
        assertThat(failed.turnId()).isEqualTo(first.turnId());
        assertThat(failed.stage()).isEqualTo("memory");
        assertThat(failed.reason()).isEqualTo("the message could not be stored");
        assertThat(correlationIds(Topics.TURN_FAILED, conversation)).containsExactly("corr-clash");
        assertThat(awaitRecord(Topics.TURN_REQUESTED + ".dlt", conversation).value())
            .contains(clash.eventId().toString());
        assertThat(get(conversationPath(tenant, conversation)).status()).isEqualTo(404);
    }

    @Test
    void unreadableEventGoesStraightToTheDeadLetterTopic() throws Exception {
        String conversation = randomId("c");
        this.kafka.send(Topics.REPLY_GENERATED, conversation, "{not json").get();
        assertThat(awaitRecord(Topics.REPLY_GENERATED + ".dlt", conversation).value()).isEqualTo("{not json");
    }

    static TurnRequested turn(String tenant, String conversation, String content) {
        return new TurnRequested(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), tenant, conversation,
                UUID.randomUUID(),
                new MessageInput("user", content, "Caroline", "ext-" + UUID.randomUUID(), null, null), false);
    }

}
