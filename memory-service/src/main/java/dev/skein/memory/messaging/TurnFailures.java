package dev.skein.memory.messaging;

import java.util.UUID;

import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.TurnRequested;
import dev.skein.memory.stream.Times;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.kafka.EventPublisher;
import dev.skein.platform.kafka.FailedRecordReporter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Answers the client when a turn event could not be handled even after retries. Sent
 * straight to Kafka, not through the outbox: the database may well be the reason the
 * handling failed.
 */
@Component
class TurnFailures implements FailedRecordReporter {

    private static final Logger log = LoggerFactory.getLogger(TurnFailures.class);

    private final EventPublisher publisher;

    TurnFailures(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void report(ConsumerRecord<?, ?> record, Exception failure) {
        TurnFailed failed = null;
        if (record.value() instanceof TurnRequested turn) {
            failed = failed(turn.tenantId(), turn.conversationId(), turn.turnId(), "the message could not be stored");
        }
        else if (record.value() instanceof ReplyGenerated reply) {
            failed = failed(reply.tenantId(), reply.conversationId(), reply.turnId(), "the reply could not be stored");
        }
        if (failed == null) {
            return;
        }
        try {
            this.publisher.publish(failed, Correlation.of(record.headers()));
        }
        catch (RuntimeException ex) {
            log.error("Could not publish TurnFailed for turn {}", failed.turnId(), ex);
        }
    }

    private static TurnFailed failed(String tenantId, String conversationId, UUID turnId, String reason) {
        if (turnId == null || conversationId == null) {
            return null;
        }
        return new TurnFailed(UUID.randomUUID(), Times.now(), tenantId, conversationId, turnId, "memory", reason);
    }

}
