package dev.skein.platform.kafka;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How every service uses Kafka ({@code skein.kafka.*}); the same defaults everywhere.
 *
 * @param partitions partitions of every topic a service creates (all are keyed by
 * conversation)
 * @param replicas replication factor of the topics a service creates
 * @param sendTimeout how long a publisher waits for the broker's acknowledgement
 * @param retry what happens to a record whose listener fails
 */
@ConfigurationProperties("skein.kafka")
@Validated
public record KafkaSettings(@DefaultValue("3") @Min(1) int partitions, @DefaultValue("1") @Min(1) short replicas,
        @DefaultValue("10s") @NotNull Duration sendTimeout, @DefaultValue Retry retry) {

    /**
     * The one retry policy of every listener.
     *
     * @param attempts deliveries of a record that fails for a reason of its own (a bug, a
     * rule of the database) before it is reported and parked on {@code <topic>.dlt}
     * @param initialInterval first pause between deliveries, doubled after each
     * @param maxInterval longest pause between deliveries
     * @param outageMaxElapsed how long a record is retried while the database or the
     * broker is unreachable, before it is parked too: an outage must not empty a topic
     * into its dlt
     */
    public record Retry(@DefaultValue("3") @Min(1) int attempts,
            @DefaultValue("200ms") @NotNull Duration initialInterval,
            @DefaultValue("10s") @NotNull Duration maxInterval,
            @DefaultValue("30m") @NotNull Duration outageMaxElapsed) {
    }
}
