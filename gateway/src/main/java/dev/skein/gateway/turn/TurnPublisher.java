package dev.skein.gateway.turn;

import java.util.concurrent.CompletableFuture;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.TurnRequested;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Produces {@code chat.turn-requested.v1}; completes when the broker has it (acks=all). */
@Component
class TurnPublisher {

    private final KafkaTemplate<String, String> kafka;

    TurnPublisher(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    CompletableFuture<?> publish(TurnRequested request, String correlationId) {
        return this.kafka.send(KafkaEvents.record(request, correlationId));
    }
}
