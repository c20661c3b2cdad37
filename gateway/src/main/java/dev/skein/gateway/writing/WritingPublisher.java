package dev.skein.gateway.writing;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.WritingRequested;
import dev.skein.platform.web.Problems;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Produces {@code chat.writing-requested.v1} and waits for the broker's ack (acks=all): the client
 * hears 202 only for a job that cannot be lost.
 */
@Component
class WritingPublisher {

    private static final Logger log = LoggerFactory.getLogger(WritingPublisher.class);

    /** Above the producer's delivery timeout (15 s), which ends a send that cannot succeed first. */
    private static final long ACK_TIMEOUT_SECONDS = 20;

    private final KafkaTemplate<String, String> kafka;

    WritingPublisher(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    void publish(WritingRequested request, String correlationId) {
        try {
            this.kafka.send(KafkaEvents.record(request, correlationId)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw Problems.upstreamUnavailable();
        }
        catch (ExecutionException | TimeoutException | RuntimeException ex) {
            log.warn("Writing request {} was not acknowledged by Kafka: {}", request.jobId(), ex.toString());
            throw Problems.upstreamUnavailable();
        }
    }
}
