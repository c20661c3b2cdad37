package dev.skein.memory.messaging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.TurnRequested;
import dev.skein.contracts.Usage;
import dev.skein.memory.AbstractMemoryServiceIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A turn sent again: the gateway gives a copy (same externalId or Idempotency-Key) the
 * first one's turn id under a new event id. It stores and generates nothing: answered
 * with the first reply and evidence, or left to the run under way; only a failed turn
 * runs again. Where nothing may be published, a later turn of the same conversation (one
 * partition, handled in order) shows that the copy has been handled.
 */
class TurnSentAgainIT extends AbstractMemoryServiceIT {

    private static final Evidence EVIDENCE = new Evidence(UUID.fromString("6f1d0c55-3a7b-4a43-9f0e-2b8c4f7d1e20"),
            "turn", "Caroline", "Caroline: the brushes are in the blue box", 0.91, List.of("x1"),
            List.of(UUID.fromString("0c9a7e42-5d1b-4b6e-8f3a-7e2d1c0b9a88")), 1, 1,
            Instant.parse("2024-03-01T10:00:00Z"));

    @Test
    void aTurnSentAgainAfterItWasAnsweredGetsTheSameReplyAndEvidenceAndNothingRunsAgain() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        TurnRequested turn = TurnFlowIT.turn(tenant, conversation, "Where do I keep my paint brushes?");
        send(turn, "corr-1");
        awaitEvents(Topics.RECALL_REQUESTED, conversation, 1, RecallRequested.class);
        send(reply(turn, "In the blue box."), "corr-1");
        TurnCompleted first = awaitEvents(Topics.TURN_COMPLETED, conversation, 1, TurnCompleted.class).get(0);

        send(copy(turn), "corr-2");

        List<TurnCompleted> completed = awaitEvents(Topics.TURN_COMPLETED, conversation, 2, TurnCompleted.class);
        TurnCompleted again = completed.get(1);
        assertThat(again.turnId()).isEqualTo(turn.turnId());
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.sequence()).isEqualTo(2);
        assertThat(again.content()).isEqualTo("In the blue box.");
        assertThat(again.generatedBy()).isEqualTo("extractive");
        assertThat(again.evidence()).containsExactly(EVIDENCE);
        assertThat(again.usage()).isEqualTo(new Usage(100, 5, 60, 12));
        // answered from the store in the transaction that published the answer: no
        // second recall, so no second generation
        assertThat(correlationIds(Topics.RECALL_REQUESTED, conversation)).containsExactly("corr-1");
        assertThat(transcript(tenant, conversation)).hasSize(2);
    }

    @Test
    void aCopySentWhileTheTurnIsUnderWayWaitsForItsOutcome() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        TurnRequested turn = TurnFlowIT.turn(tenant, conversation, "Remember that my sister is called Mel.");
        send(turn, "corr-1");
        send(copy(turn), "corr-2");
        TurnRequested next = TurnFlowIT.turn(tenant, conversation, "And my brother is called Joe.");
        send(next, "corr-3");

        List<RecallRequested> recalls = awaitEvents(Topics.RECALL_REQUESTED, conversation, 2, RecallRequested.class);
        assertThat(recalls).extracting(RecallRequested::turnId).containsExactly(turn.turnId(), next.turnId());
        assertThat(correlationIds(Topics.RECALL_REQUESTED, conversation)).containsExactly("corr-1", "corr-3");

        // the one reply answers both copies (the gateway waits for the turn id)
        send(reply(turn, "Noted: Mel."), "corr-1");
        assertThat(awaitEvents(Topics.TURN_COMPLETED, conversation, 1, TurnCompleted.class).get(0).turnId())
            .isEqualTo(turn.turnId());
        assertThat(transcript(tenant, conversation)).extracting(message -> message.get("content").asString())
            .containsExactly("Remember that my sister is called Mel.", "And my brother is called Joe.", "Noted: Mel.");
    }

    @Test
    void aTurnThatFailedRunsAgainForTheStoredMessageWhenSentAgain() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        TurnRequested turn = TurnFlowIT.turn(tenant, conversation, "What is the weather like?");
        send(turn, "corr-1");
        awaitEvents(Topics.RECALL_REQUESTED, conversation, 1, RecallRequested.class);
        send(new TurnFailed(UUID.randomUUID(), Instant.now(), tenant, conversation, turn.turnId(), "generation",
                "The language model is unavailable."), "corr-1");
        await().atMost(WAIT).until(() -> "failed".equals(state(turn.turnId())));

        send(copy(turn), "corr-2");

        List<RecallRequested> recalls = awaitEvents(Topics.RECALL_REQUESTED, conversation, 2, RecallRequested.class);
        assertThat(recalls).extracting(RecallRequested::turnId).containsExactly(turn.turnId(), turn.turnId());
        assertThat(recalls.get(1).userTurn().messageId()).isEqualTo(recalls.get(0).userTurn().messageId());
        assertThat(state(turn.turnId())).isEqualTo("requested");
        assertThat(transcript(tenant, conversation)).hasSize(1);
    }

    @Test
    void theSameExternalIdWithOtherContentFailsOnlyThatTurnAsAConflictNamingTheField() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        TurnRequested turn = TurnFlowIT.turn(tenant, conversation, "I live in Berlin.");
        send(turn, "corr-1");
        // another turn id: the gateway derives it from the content too
        TurnRequested other = new TurnRequested(UUID.randomUUID(), Instant.now(), tenant, conversation,
                UUID.randomUUID(),
                new MessageInput("user", "I live in Lisbon.", "Caroline", turn.message().externalId(), null, null),
                false);
        send(other, "corr-2");

        TurnFailed failed = awaitEvents(Topics.TURN_FAILED, conversation, 1, TurnFailed.class).get(0);
        assertThat(failed.turnId()).isEqualTo(other.turnId());
        assertThat(failed.problem()).isEqualTo("conflict");
        assertThat(failed.field()).isEqualTo("externalId");
        assertThat(failed.reason()).isEqualTo("already names a message with other content");
        assertThat(awaitEvents(Topics.RECALL_REQUESTED, conversation, 1, RecallRequested.class))
            .extracting(RecallRequested::turnId)
            .containsExactly(turn.turnId());
        assertThat(correlationIds(Topics.RECALL_REQUESTED, conversation)).containsExactly("corr-1");
        assertThat(transcript(tenant, conversation)).extracting(message -> message.get("content").asString())
            .containsExactly("I live in Berlin.");
        // the first turn is still under way and is not failed by the conflict
        assertThat(state(turn.turnId())).isEqualTo("requested");
    }

    @Test
    void aTurnSentAgainAfterItsOutcomeWasForgottenIsAnsweredFromTheTranscript() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        TurnRequested turn = TurnFlowIT.turn(tenant, conversation, "Where do I keep my paint brushes?");
        send(turn, "corr-1");
        awaitEvents(Topics.RECALL_REQUESTED, conversation, 1, RecallRequested.class);
        send(reply(turn, "In the blue box."), "corr-1");
        TurnCompleted first = awaitEvents(Topics.TURN_COMPLETED, conversation, 1, TurnCompleted.class).get(0);
        // what the retention sweep does after SKEIN_IDEMPOTENCY_TTL
        this.jdbc.update("DELETE FROM turns WHERE turn_id = ?", turn.turnId());

        send(copy(turn), "corr-2");

        TurnCompleted again = awaitEvents(Topics.TURN_COMPLETED, conversation, 2, TurnCompleted.class).get(1);
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.content()).isEqualTo("In the blue box.");
        assertThat(again.generatedBy()).isEqualTo("extractive");
        assertThat(again.evidence()).isEmpty();
        assertThat(again.usage()).isNull();
        assertThat(correlationIds(Topics.RECALL_REQUESTED, conversation)).containsExactly("corr-1");
        assertThat(transcript(tenant, conversation)).hasSize(2);
    }

    @Test
    void aTurnForAnImportedMessageIsAnsweredOnceWithoutStoringTheMessageAgain() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        Response imported = post(conversationPath(tenant, conversation) + "/messages:import", Map.of("messages", List
            .of(Map.of("role", "user", "content", "Where do I keep my paint brushes?", "externalId", "imported-1"))));
        assertThat(imported.status()).isEqualTo(200);
        TurnRequested turn = new TurnRequested(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), tenant,
                conversation, UUID.randomUUID(),
                new MessageInput("user", "Where do I keep my paint brushes?", null, "imported-1", null, null), false);

        send(turn, "corr-1");

        RecallRequested recall = awaitEvents(Topics.RECALL_REQUESTED, conversation, 1, RecallRequested.class).get(0);
        assertThat(recall.userTurn().sequence()).isEqualTo(1);
        send(reply(turn, "In the blue box."), "corr-1");
        awaitEvents(Topics.TURN_COMPLETED, conversation, 1, TurnCompleted.class);
        send(copy(turn), "corr-2");
        awaitEvents(Topics.TURN_COMPLETED, conversation, 2, TurnCompleted.class);
        assertThat(correlationIds(Topics.RECALL_REQUESTED, conversation)).containsExactly("corr-1");
        assertThat(transcript(tenant, conversation)).hasSize(2);
    }

    /** The same turn under a new event id, as the gateway sends a copy. */
    private static TurnRequested copy(TurnRequested turn) {
        return new TurnRequested(UUID.randomUUID(), Instant.now(), turn.tenantId(), turn.conversationId(),
                turn.turnId(), turn.message(), turn.stream());
    }

    private static ReplyGenerated reply(TurnRequested turn, String content) {
        return new ReplyGenerated(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), turn.tenantId(),
                turn.conversationId(), turn.turnId(), content, "extractive", List.of(EVIDENCE),
                new Usage(100, 5, 60, 12), List.of(), 0);
    }

    private String state(UUID turnId) {
        List<String> states = this.jdbc.queryForList("SELECT state FROM turns WHERE turn_id = ?", String.class, turnId);
        return states.isEmpty() ? null : states.get(0);
    }

    private List<JsonNode> transcript(String tenant, String conversation) throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        get(conversationPath(tenant, conversation) + "/messages").body().get("messages").forEach(messages::add);
        return messages;
    }

}
