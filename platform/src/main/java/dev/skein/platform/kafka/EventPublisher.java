package dev.skein.platform.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.SkeinEvent;
import dev.skein.platform.correlation.Correlation;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * The one way to publish: an event goes out keyed by its conversation, with the current
 * correlation id, and {@link #publish} returns only once the broker acknowledged it. A
 * listener that publishes therefore commits its own record's offset after the event is
 * safe (at-least-once). An acknowledgement that does not come within
 * {@code skein.kafka.send-timeout} is an outage ({@link BrokerUnavailableException}),
 * which the error policy retries as such.
 */
public class EventPublisher {

    private final KafkaTemplate<String, String> kafka;

    private final Duration timeout;

    public EventPublisher(KafkaTemplate<String, String> kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /** Publishes with the correlation id of the work on this thread. */
    public void publish(SkeinEvent event) {
        publish(event, Correlation.current());
    }

    public void publish(SkeinEvent event, @Nullable String correlationId) {
        await(this.kafka.send(KafkaEvents.record(event, correlationId)), event.getClass().getSimpleName());
    }

    /**
     * Sends without waiting (streamed pieces of a reply, whose loss only costs a live
     * view).
     */
    public CompletableFuture<SendResult<String, String>> publishAsync(SkeinEvent event,
            @Nullable String correlationId) {
        return this.kafka.send(KafkaEvents.record(event, correlationId));
    }

    private void await(CompletableFuture<SendResult<String, String>> send, String what) {
        try {
            send.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("Interrupted while publishing " + what, ex);
        }
        catch (TimeoutException ex) {
            throw new BrokerUnavailableException("Kafka did not acknowledge " + what + " in " + this.timeout, ex);
        }
        catch (ExecutionException ex) {
            if (KafkaErrorPolicy.isOutage(ex.getCause())) {
                throw new BrokerUnavailableException("Kafka did not acknowledge " + what, ex.getCause());
            }
            // refused for a reason of its own (too large, not authorized): retrying will
            // not help
            throw new IllegalStateException("Kafka refused " + what, ex.getCause());
        }
    }

}
