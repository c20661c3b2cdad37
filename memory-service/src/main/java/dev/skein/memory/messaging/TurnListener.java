package dev.skein.memory.messaging;

import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.SummaryGenerated;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.TurnRequested;
import dev.skein.memory.bank.SummaryHandler;
import dev.skein.memory.turn.ReplyHandler;
import dev.skein.memory.turn.TurnHandler;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.kafka.ListenerConcurrency;
import dev.skein.platform.observability.TurnMetrics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The events of a turn this service reacts to (requested, replied, failed elsewhere), and
 * the summaries it asked for. Failures propagate to the platform's error policy: a short
 * retry, then {@link TurnFailures} answers the client and the record is parked on the
 * dead-letter topic.
 */
@Component
class TurnListener {

    private final TurnHandler turns;

    private final ReplyHandler replies;

    private final SummaryHandler summaries;

    private final TurnMetrics metrics;

    TurnListener(TurnHandler turns, ReplyHandler replies, SummaryHandler summaries, TurnMetrics metrics) {
        this.turns = turns;
        this.replies = replies;
        this.summaries = summaries;
        this.metrics = metrics;
    }

    @KafkaListener(id = "memory-summary-generated", topics = Topics.SUMMARY_GENERATED)
    void on(SummaryGenerated event) {
        this.summaries.on(event, Correlation.current());
    }

    @KafkaListener(id = "memory-turn-requested", topics = Topics.TURN_REQUESTED)
    void on(TurnRequested event) {
        // the transaction's commit included: the turn moves on only after it
        this.metrics.time(TurnMetrics.MEMORY_PLAN, () -> this.turns.on(event, Correlation.current()));
    }

    @KafkaListener(id = "memory-reply-generated", topics = Topics.REPLY_GENERATED)
    void on(ReplyGenerated event) {
        this.metrics.time(TurnMetrics.MEMORY_REPLY, () -> this.replies.on(event, Correlation.current()));
    }

    /** A turn that failed anywhere runs again when the client sends it again. */
    @KafkaListener(id = "memory-turn-failed", topics = Topics.TURN_FAILED, concurrency = ListenerConcurrency.ONE)
    void on(TurnFailed event) {
        this.turns.on(event);
    }

}
