package dev.skein.platform.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Times each event from its producer's send to the start of its listener
 * ({@code skein_event_delivery_seconds}, by topic): the broker, the fetch and the wait
 * behind the records before it. A chat turn crosses five topics, and what a turn spends
 * between the services' own stages is the sum of these (docs/perf/turn-path-profile.md).
 * For a memory-service event the send is the outbox relay's, so the relay's own delay is
 * not in it ({@code skein_outbox_wait_seconds} shows that). A consumer outside a listener
 * container (the gateway's broadcast listeners) calls {@link #record} itself.
 */
public class DeliveryTimer implements RecordInterceptor<Object, Object> {

    private static final Duration[] BUCKETS = Stream.of(1, 2, 5, 10, 20, 50, 100, 250, 500, 1_000, 5_000, 30_000)
        .map(Duration::ofMillis)
        .toArray(Duration[]::new);

    private final MeterRegistry registry;

    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /**
     * The buckets of a hop's parts, so that other timers of a hop (the outbox relay's
     * wait) read against these.
     */
    public static Duration[] buckets() {
        return BUCKETS.clone();
    }

    public DeliveryTimer(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public @Nullable ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
            Consumer<Object, Object> consumer) {
        record(record);
        return record;
    }

    /** Times one record that is about to be handled. */
    public void record(ConsumerRecord<?, ?> record) {
        if (record.timestampType() == TimestampType.CREATE_TIME) {
            // the two clocks are one machine's or NTP's: a negative difference is skew
            long millis = Math.max(0, System.currentTimeMillis() - record.timestamp());
            this.timers.computeIfAbsent(record.topic(), this::timer).record(millis, TimeUnit.MILLISECONDS);
        }
    }

    private Timer timer(String topic) {
        return Timer.builder("skein.event.delivery")
            .description("From an event's send to the start of its listener")
            .tag("topic", topic)
            .serviceLevelObjectives(BUCKETS)
            .register(this.registry);
    }

}
