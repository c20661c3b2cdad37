package dev.skein.retrieval.messaging;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.SkeinEvent;

/**
 * Publishes an event and returns only once the broker acknowledged it, so that the offset of the
 * record that caused it is committed after the event is safe (at-least-once).
 */
@Component
public class EventPublisher {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, String> kafka;

    EventPublisher(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    public void publish(SkeinEvent event, String correlationId) {
        try {
            this.kafka.send(KafkaEvents.record(event, correlationId)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing " + event.getClass().getSimpleName(), ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Could not publish " + event.getClass().getSimpleName(), ex);
        }
    }
}
