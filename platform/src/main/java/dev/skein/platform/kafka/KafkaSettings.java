package dev.skein.platform.kafka;

import java.time.Duration;
import java.util.Map;

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
 * @param group how a consumer group notices a dead member and hands its partitions on
 */
@ConfigurationProperties("skein.kafka")
@Validated
public record KafkaSettings(@DefaultValue("3") @Min(1) int partitions, @DefaultValue("1") @Min(1) short replicas,
        @DefaultValue("10s") @NotNull Duration sendTimeout, @DefaultValue Retry retry, @DefaultValue Group group) {

    /**
     * Membership of every consumer group. A member that dies without leaving (kill -9, a
     * lost host) keeps its partitions until the group coordinator misses its heartbeats
     * for {@code sessionTimeout}; the survivors take them over right after. Kafka's
     * client default of 45 s (plus the rebalance) stalled the conversations of a killed
     * instance for 73 s here; 6 s is the broker's default floor
     * ({@code group.min.session.timeout.ms}), so it works against any broker.
     *
     * @param protocol {@code classic} (the rebalance protocol every broker speaks) or
     * {@code consumer} (KIP-848, Kafka 4: incremental, no stop-the-world rebalance; its
     * timeouts are the broker's {@code group.consumer.*} settings, and the client ones
     * below are not sent)
     * @param sessionTimeout classic protocol: how long a silent member keeps its
     * partitions
     * @param heartbeatInterval classic protocol: how often a member reports; also how
     * soon the survivors hear of a rebalance (a third of the session timeout at most)
     */
    public record Group(@DefaultValue("classic") @NotNull Protocol protocol,
            @DefaultValue("6s") @NotNull Duration sessionTimeout,
            @DefaultValue("1s") @NotNull Duration heartbeatInterval) {

        /** The consumer properties of this membership. */
        public Map<String, Object> consumerProperties() {
            if (this.protocol == Protocol.CONSUMER) {
                return Map.of("group.protocol", "consumer");
            }
            return Map.of("group.protocol", "classic", "session.timeout.ms", (int) this.sessionTimeout.toMillis(),
                    "heartbeat.interval.ms", (int) this.heartbeatInterval.toMillis());
        }

    }

    /** The group membership protocols of Kafka's consumer. */
    public enum Protocol {

        CLASSIC, CONSUMER

    }

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
