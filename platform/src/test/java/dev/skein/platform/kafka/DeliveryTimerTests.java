package dev.skein.platform.kafka;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An event's time from its send to its listener, by topic. */
class DeliveryTimerTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final DeliveryTimer timer = new DeliveryTimer(this.registry);

    @Test
    void timesARecordFromItsSendByTopic() {
        ConsumerRecord<Object, Object> record = record("memory.recall-requested.v1", System.currentTimeMillis() - 250,
                TimestampType.CREATE_TIME);

        assertThat(this.timer.intercept(record, null)).isSameAs(record);

        Timer delivery = this.registry.get("skein.event.delivery").tag("topic", "memory.recall-requested.v1").timer();
        assertThat(delivery.count()).isEqualTo(1);
        assertThat(delivery.totalTime(TimeUnit.MILLISECONDS)).isBetween(250.0, 60_000.0);
    }

    @Test
    void aBrokerTimestampOrASkewedClockIsNotASendTime() {
        this.timer.intercept(record("a", System.currentTimeMillis() - 250, TimestampType.LOG_APPEND_TIME), null);
        this.timer.intercept(record("b", System.currentTimeMillis() + 60_000, TimestampType.CREATE_TIME), null);

        assertThat(this.registry.find("skein.event.delivery").tag("topic", "a").timer()).isNull();
        Timer skewed = this.registry.get("skein.event.delivery").tag("topic", "b").timer();
        assertThat(skewed.totalTime(TimeUnit.MILLISECONDS)).isZero();
    }

    private static ConsumerRecord<Object, Object> record(String topic, long timestamp, TimestampType type) {
        return new ConsumerRecord<>(topic, 0, 0, timestamp, type, 0, 0, "key", "value", new RecordHeaders(),
                Optional.empty());
    }

}
