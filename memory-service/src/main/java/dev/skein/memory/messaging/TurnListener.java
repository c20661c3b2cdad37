package dev.skein.memory.messaging;

import dev.skein.contracts.EventJson;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.SummaryGenerated;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnRequested;
import dev.skein.memory.bank.SummaryHandler;
import dev.skein.memory.turn.ReplyHandler;
import dev.skein.memory.turn.TurnHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The two events of a turn this service reacts to. Failures propagate to the container's error
 * handler ({@link KafkaConfig}): a short retry, then a TurnFailed and the dead-letter topic.
 */
@Component
class TurnListener {

    private final TurnHandler turns;

    private final ReplyHandler replies;

    private final SummaryHandler summaries;

    TurnListener(TurnHandler turns, ReplyHandler replies, SummaryHandler summaries) {
        this.turns = turns;
        this.replies = replies;
        this.summaries = summaries;
    }

    @KafkaListener(id = "memory-summary-generated", topics = Topics.SUMMARY_GENERATED)
    void onSummaryGenerated(ConsumerRecord<String, String> record) {
        String correlationId = KafkaEvents.correlationId(record);
        try (MDC.MDCCloseable ignored = Correlation.open(correlationId)) {
            this.summaries.on(EventJson.read(record.value(), SummaryGenerated.class), correlationId);
        }
    }

    @KafkaListener(id = "memory-turn-requested", topics = Topics.TURN_REQUESTED)
    void onTurnRequested(ConsumerRecord<String, String> record) {
        String correlationId = KafkaEvents.correlationId(record);
        try (MDC.MDCCloseable ignored = Correlation.open(correlationId)) {
            this.turns.on(EventJson.read(record.value(), TurnRequested.class), correlationId);
        }
    }

    @KafkaListener(id = "memory-reply-generated", topics = Topics.REPLY_GENERATED)
    void onReplyGenerated(ConsumerRecord<String, String> record) {
        String correlationId = KafkaEvents.correlationId(record);
        try (MDC.MDCCloseable ignored = Correlation.open(correlationId)) {
            this.replies.on(EventJson.read(record.value(), ReplyGenerated.class), correlationId);
        }
    }
}
