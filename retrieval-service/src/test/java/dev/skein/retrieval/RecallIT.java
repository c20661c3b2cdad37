package dev.skein.retrieval;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.skein.contracts.EventJson;
import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnRequested;
import dev.skein.platform.tokens.TokenCounter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The retrieval step of a chat turn: RecallRequested in, EvidenceRetrieved out. */
class RecallIT extends AbstractRetrievalIT {

    private static final long RECALL_BEFORE = 7;

    @Autowired
    private TokenCounter tokens;

    @Autowired
    private MeterRegistry meters;

    @Test
    void recallsOlderEvidenceWithinTheBudget() {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);
        // The puppy turn (14 tokens) fits; all seven older turns together would not.
        int budget = 40;
        RecallRequested request = recallRequest(RECALL_BEFORE, true, "Does Caroline have a dog?", 6, budget);
        String correlationId = "corr-" + UUID.randomUUID();

        publish(request, correlationId);
        ConsumerRecord<String, String> record = awaitRecord(Topics.EVIDENCE_RETRIEVED,
                r -> EventJson.read(r.value(), EvidenceRetrieved.class).turnId().equals(request.turnId()));
        EvidenceRetrieved retrieved = EventJson.read(record.value(), EvidenceRetrieved.class);

        assertThat(KafkaEvents.correlationId(record)).isEqualTo(correlationId);
        assertThat(record.key()).isEqualTo(this.conversation);
        assertThat(retrieved.tenantId()).isEqualTo(this.tenant);
        assertThat(retrieved.userTurn()).isEqualTo(request.userTurn());
        assertThat(retrieved.flash()).isEqualTo(request.flash());
        assertThat(retrieved.historyTokens()).isEqualTo(request.historyTokens());
        assertThat(retrieved.stream()).isTrue();
        List<Evidence> evidence = retrieved.evidence();
        assertThat(evidence).isNotEmpty().hasSizeLessThanOrEqualTo(6);
        assertThat(evidence).allSatisfy(e -> assertThat(e.lastSequence()).isLessThan(RECALL_BEFORE));
        assertThat(evidence.stream().mapToInt(e -> this.tokens.count(e.text())).sum()).isLessThanOrEqualTo(budget);
        // best first: the generation-service orders them by time for the prompt
        assertThat(evidence).extracting(Evidence::score).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(evidence).extracting(Evidence::text).contains(turns.get((int) Conversations.PUPPY - 1).text());
        // each turn once: turns that touch are one excerpt with all their ids
        assertThat(evidence.stream().flatMap(e -> e.externalIds().stream()).toList()).doesNotHaveDuplicates();
        assertThat(new String(record.headers().lastHeader(Topics.CORRELATION_HEADER).value(), StandardCharsets.UTF_8))
            .isEqualTo(correlationId);
    }

    @Test
    void noRecallStillHandsTheTurnOn() {
        index(Conversations.twelveTurns(this::turn));
        RecallRequested request = recallRequest(RECALL_BEFORE, false, "Does Caroline have a dog?", 6, 1000);

        publish(request, "corr-" + UUID.randomUUID());
        EvidenceRetrieved retrieved = EventJson.read(awaitRecord(Topics.EVIDENCE_RETRIEVED,
                r -> EventJson.read(r.value(), EvidenceRetrieved.class).turnId().equals(request.turnId()))
            .value(), EvidenceRetrieved.class);

        assertThat(retrieved.evidence()).isEmpty();
        assertThat(retrieved.flash()).hasSize(6);
    }

    @Test
    void theQuestionEmbeddedWhenTheTurnWasRequestedIsTheOneTheRecallSearchesWith() {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);
        String question = "Does Caroline have a dog?";
        // the conversation's previous turn asked for a recall, so this one will too
        RecallRequested previous = recallRequest(RECALL_BEFORE, true, "How was your weekend?", 6, 40);
        publish(previous, "corr-0");
        awaitRecord(Topics.EVIDENCE_RETRIEVED,
                r -> EventJson.read(r.value(), EvidenceRetrieved.class).turnId().equals(previous.turnId()));
        double embedded = prefetches("embedded");
        double taken = prefetches("taken");

        // as the gateway requests the turn, before the memory-service asks for its recall
        publish(new TurnRequested(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation, UUID.randomUUID(),
                new MessageInput("user", question, "Melanie", "D1:13", null, null), false), "corr-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> prefetches("embedded") == embedded + 1);
        RecallRequested request = recallRequest(RECALL_BEFORE, true, question, 6, 40);
        publish(request, "corr-2");
        EvidenceRetrieved retrieved = EventJson.read(awaitRecord(Topics.EVIDENCE_RETRIEVED,
                r -> EventJson.read(r.value(), EvidenceRetrieved.class).turnId().equals(request.turnId()))
            .value(), EvidenceRetrieved.class);

        assertThat(prefetches("taken")).isEqualTo(taken + 1);
        assertThat(retrieved.evidence()).extracting(Evidence::text)
            .contains(turns.get((int) Conversations.PUPPY - 1).text());
    }

    @Test
    void aRecallWaitingForItsIndexDoesNotHoldTheRecallOfAnotherConversation() {
        index(Conversations.twelveTurns(this::turn));
        RecallRequested ready = recallRequest(RECALL_BEFORE, true, "Does Caroline have a dog?", 6, 40);
        // a conversation none of whose older memories are indexed yet: its recall waits
        // for them, up to the recall's index wait (8 s in these tests)
        this.conversation = "conv-" + UUID.randomUUID();
        this.conversationUid = UUID.randomUUID();
        RecallRequested waiting = recallRequest(RECALL_BEFORE, true, "Does Caroline have a dog?", 6, 40);

        // one partition: the waiting recall is read first
        publish(waiting, "corr-waiting");
        publish(ready, "corr-ready");
        ConsumerRecord<String, String> waited = awaitRecord(Topics.EVIDENCE_RETRIEVED,
                r -> EventJson.read(r.value(), EvidenceRetrieved.class).turnId().equals(waiting.turnId()));
        ConsumerRecord<String, String> served = awaitRecord(Topics.EVIDENCE_RETRIEVED,
                r -> EventJson.read(r.value(), EvidenceRetrieved.class).turnId().equals(ready.turnId()));

        assertThat(served.offset()).as("the ready conversation's evidence is published first")
            .isLessThan(waited.offset());
        assertThat(EventJson.read(served.value(), EvidenceRetrieved.class).evidence()).isNotEmpty();
        assertThat(EventJson.read(waited.value(), EvidenceRetrieved.class).evidence()).isEmpty();
    }

    private double prefetches(String outcome) {
        return this.meters.counter("skein.query.prefetch", "outcome", outcome).count();
    }

}
