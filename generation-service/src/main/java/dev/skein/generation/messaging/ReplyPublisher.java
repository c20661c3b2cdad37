package dev.skein.generation.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.ReplyDelta;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.TurnFailed;
import dev.skein.generation.reply.Reply;
import dev.skein.platform.kafka.EventPublisher;
import dev.skein.platform.kafka.KafkaSettings;

import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes what the generation-service says about a turn, with the turn's correlation
 * id.
 */
@Component
class ReplyPublisher {

    private final EventPublisher publisher;

    private final Duration sendTimeout;

    ReplyPublisher(EventPublisher publisher, KafkaSettings kafkaSettings) {
        this.publisher = publisher;
        this.sendTimeout = kafkaSettings.sendTimeout();
    }

    /**
     * A sink for the streamed pieces of one reply; it numbers them 0, 1, 2… in the order
     * it gets them.
     */
    Deltas deltas(EvidenceRetrieved event, String correlationId) {
        return new Deltas(event, correlationId);
    }

    /**
     * Publishes the whole reply once every streamed piece is acknowledged, so a failure
     * is reported before anyone sees a reply with missing pieces.
     * @param generationMillis how long the reply took to generate (prompt and LLM)
     */
    void replyGenerated(EvidenceRetrieved event, Reply reply, long generationMillis, String correlationId,
            Deltas deltas) {
        if (deltas != null) {
            for (CompletableFuture<SendResult<String, String>> sent : deltas.sent()) {
                await(sent);
            }
        }
        this.publisher.publish(new ReplyGenerated(UUID.randomUUID(), Instant.now(), event.tenantId(),
                event.conversationId(), event.turnId(), reply.content(), reply.generatedBy(), reply.evidence(),
                reply.usage(), reply.logprobs(), generationMillis), correlationId);
    }

    void turnFailed(EvidenceRetrieved event, String reason, String correlationId) {
        this.publisher.publish(new TurnFailed(UUID.randomUUID(), Instant.now(), event.tenantId(),
                event.conversationId(), event.turnId(), "generation", reason), correlationId);
    }

    private void await(CompletableFuture<SendResult<String, String>> sent) {
        try {
            sent.get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Kafka did not acknowledge a reply event", ex);
        }
    }

    /**
     * Sends each piece at once, without waiting for its ack (the producer keeps one
     * partition's records in order); {@link #replyGenerated} waits for all of them.
     */
    final class Deltas implements Consumer<String> {

        private final EvidenceRetrieved event;

        private final String correlationId;

        private final List<CompletableFuture<SendResult<String, String>>> sent = new ArrayList<>();

        private Deltas(EvidenceRetrieved event, String correlationId) {
            this.event = event;
            this.correlationId = correlationId;
        }

        // Called from the listener thread or, while an LLM streams, from an HTTP client
        // thread.
        @Override
        public synchronized void accept(String text) {
            this.sent
                .add(ReplyPublisher.this.publisher.publishAsync(
                        new ReplyDelta(UUID.randomUUID(), Instant.now(), this.event.tenantId(),
                                this.event.conversationId(), this.event.turnId(), this.sent.size(), text),
                        this.correlationId));
        }

        synchronized List<CompletableFuture<SendResult<String, String>>> sent() {
            return List.copyOf(this.sent);
        }

    }

}
