package dev.skein.gateway.writing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.skein.contracts.WritingRequested;
import dev.skein.platform.kafka.EventPublisher;
import dev.skein.platform.web.Problems;

import org.springframework.stereotype.Component;

/**
 * Produces {@code chat.writing-requested.v1} and waits for the broker's ack (acks=all):
 * the client hears 202 only for a job that cannot be lost.
 */
@Component
class WritingPublisher {

    private static final Logger log = LoggerFactory.getLogger(WritingPublisher.class);

    private final EventPublisher publisher;

    WritingPublisher(EventPublisher publisher) {
        this.publisher = publisher;
    }

    void publish(WritingRequested request, String correlationId) {
        try {
            this.publisher.publish(request, correlationId);
        }
        catch (RuntimeException ex) {
            log.warn("Writing request {} was not acknowledged by Kafka: {}", request.jobId(), ex.toString());
            throw Problems.upstreamUnavailable();
        }
    }

}
