package dev.skein.memory.messaging;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.skein.contracts.EventJson;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.TurnRequested;
import dev.skein.memory.stream.Times;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers the client when a turn event could not be handled even after retries. Sent straight to
 * Kafka, not through the outbox: the database may well be the reason the handling failed.
 */
@Component
class TurnFailures {

    private static final Logger log = LoggerFactory.getLogger(TurnFailures.class);

    private final KafkaTemplate<String, String> kafka;

    TurnFailures(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    void report(ConsumerRecord<?, ?> record, Exception failure) {
        String correlationId = KafkaEvents.correlationId(record);
        try (MDC.MDCCloseable ignored = Correlation.open(correlationId)) {
            log.error("Giving up on {} at offset {} of partition {}", record.topic(), record.offset(),
                    record.partition(), failure);
            TurnFailed failed = turnFailed(record);
            if (failed == null) {
                return;
            }
            try {
                this.kafka.send(KafkaEvents.record(failed, correlationId)).get(10, TimeUnit.SECONDS);
            }
            catch (Exception ex) {
                log.error("Could not publish TurnFailed for turn {}", failed.turnId(), ex);
            }
        }
    }

    private static TurnFailed turnFailed(ConsumerRecord<?, ?> record) {
        if (!(record.value() instanceof String json)) {
            return null;
        }
        try {
            if (Topics.TURN_REQUESTED.equals(record.topic())) {
                TurnRequested turn = EventJson.read(json, TurnRequested.class);
                return failed(turn.tenantId(), turn.conversationId(), turn.turnId(), "the message could not be stored");
            }
            if (Topics.REPLY_GENERATED.equals(record.topic())) {
                ReplyGenerated reply = EventJson.read(json, ReplyGenerated.class);
                return failed(reply.tenantId(), reply.conversationId(), reply.turnId(), "the reply could not be stored");
            }
        }
        catch (RuntimeException ex) {
            log.warn("Unreadable {} event; no turn to fail: {}", record.topic(), ex.toString());
        }
        return null;
    }

    private static TurnFailed failed(String tenantId, String conversationId, UUID turnId, String reason) {
        if (turnId == null || conversationId == null) {
            return null;
        }
        return new TurnFailed(UUID.randomUUID(), Times.now(), tenantId, conversationId, turnId, "memory", reason);
    }
}
