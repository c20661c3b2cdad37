package dev.skein.gateway.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.skein.contracts.SkeinEvent;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.kafka.DeliveryTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Reads every event of some topics on every gateway instance and hands each to the
 * clients this instance serves (a waiting turn, an SSE stream).
 * <p>
 * A plain consumer with {@code assign()} instead of a consumer group: every instance must
 * see every event (the client's connection is on one of them), and a group rebalance
 * would stall them all. It starts at the end of each partition: events of requests made
 * before this process have no one waiting here. A partition added later is read from its
 * beginning. Health is DOWN until the partitions are positioned, so no traffic arrives
 * before an event could be seen. It starts before the web server takes requests and stops
 * after its graceful shutdown.
 */
public abstract class BroadcastListener implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(BroadcastListener.class);

    // Only bounds how long shutdown and partition checks wait; records are returned as
    // they arrive.
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private static final Duration PARTITION_CHECK_INTERVAL = Duration.ofSeconds(30);

    private final ConsumerFactory<String, Object> consumers;

    private final String name;

    private final List<String> topics;

    private volatile Consumer<String, Object> consumer;

    private volatile Thread thread;

    private volatile boolean running;

    private volatile boolean ready;

    private volatile int assignedPartitions;

    private ObservationRegistry observations = ObservationRegistry.NOOP;

    private @Nullable DeliveryTimer deliveries;

    /**
     * @param name of the consumer's client id and thread, and in logs
     * @param topics read in this order within one poll (a poll can hold events of several
     * topics, which have no order between them on the wire)
     */
    protected BroadcastListener(ConsumerFactory<String, Object> consumers, String name, List<String> topics) {
        this.consumers = consumers;
        this.name = name;
        this.topics = List.copyOf(topics);
    }

    /**
     * Each record handed on is observed like a listener container's: a consumer span in
     * the trace of the turn that produced it.
     */
    @Autowired(required = false)
    public void setObservationRegistry(ObservationRegistry observations) {
        this.observations = observations;
    }

    /**
     * Each record is timed from its send, like a listener container's: a turn's reply
     * crosses this hop last (docs/perf/turn-path-profile.md).
     */
    @Autowired(required = false)
    public void setMeterRegistry(MeterRegistry meters) {
        this.deliveries = new DeliveryTimer(meters);
    }

    /**
     * Whether anyone on this instance follows events now (when not, records are not
     * handed on).
     */
    protected abstract boolean hasFollowers();

    /** One event, read and with the correlation id of its record in the MDC. */
    protected abstract void on(SkeinEvent event);

    /** Details of the health answer besides the partitions. */
    protected void describe(Health.Builder health) {
    }

    @Override
    public void start() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumer = this.consumers.createConsumer(null, this.name, null, overrides);
        this.running = true;
        this.thread = new Thread(this::run, "skein-" + this.name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void stop() {
        this.running = false;
        this.ready = false;
        Consumer<String, Object> consumer = this.consumer;
        if (consumer != null) {
            consumer.wakeup();
        }
        Thread thread = this.thread;
        if (thread != null) {
            try {
                thread.join(5000);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    public boolean isReady() {
        return this.ready;
    }

    @Override
    public Health health() {
        Health.Builder health = this.ready ? Health.up() : Health.down();
        health.withDetail("assignedPartitions", this.assignedPartitions);
        describe(health);
        return health.build();
    }

    private void run() {
        Consumer<String, Object> consumer = this.consumer;
        try {
            Set<TopicPartition> assigned = new HashSet<>();
            while (this.running && !tryAssign(consumer, assigned, true)) {
                sleep(Duration.ofMillis(500));
            }
            this.ready = this.running;
            long nextCheck = System.nanoTime() + PARTITION_CHECK_INTERVAL.toNanos();
            while (this.running) {
                try {
                    pollOnce(consumer);
                }
                catch (WakeupException ex) {
                    throw ex;
                }
                catch (RuntimeException ex) {
                    // Keep listening: if this thread ended, every follower would wait in
                    // vain.
                    log.error("{} poll failed", this.name, ex);
                    sleep(Duration.ofSeconds(1));
                }
                if (System.nanoTime() > nextCheck) {
                    tryAssign(consumer, assigned, false);
                    nextCheck = System.nanoTime() + PARTITION_CHECK_INTERVAL.toNanos();
                }
            }
        }
        catch (WakeupException ex) {
            // stop() was called
        }
        finally {
            this.ready = false;
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void pollOnce(Consumer<String, Object> consumer) {
        ConsumerRecords<String, Object> records = consumer.poll(POLL_TIMEOUT);
        if (records.isEmpty()) {
            return;
        }
        for (String topic : this.topics) {
            for (ConsumerRecord<String, Object> record : records.records(topic)) {
                dispatch(record);
            }
        }
    }

    /**
     * {@link #assign} that survives a broker that is not reachable yet (it answers
     * false).
     */
    private boolean tryAssign(Consumer<String, Object> consumer, Set<TopicPartition> assigned, boolean atStart) {
        try {
            return assign(consumer, assigned, atStart);
        }
        catch (WakeupException ex) {
            throw ex;
        }
        catch (KafkaException ex) {
            log.warn("{} cannot read the partitions of {} yet: {}", this.name, this.topics, ex.toString());
            return false;
        }
    }

    /**
     * Assigns the partitions of all the topics. At start they are positioned at the end;
     * a partition added later is read from its beginning, since all of it is newer than
     * this process. Answers false while a topic has no partitions yet.
     */
    private boolean assign(Consumer<String, Object> consumer, Set<TopicPartition> assigned, boolean atStart) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : this.topics) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            if (partitions == null || partitions.isEmpty()) {
                if (atStart) {
                    log.info("{} waits for topic {}", this.name, topic);
                }
                return false;
            }
            partitions.forEach(info -> all.add(new TopicPartition(info.topic(), info.partition())));
        }
        List<TopicPartition> added = all.stream().filter(partition -> !assigned.contains(partition)).toList();
        if (added.isEmpty()) {
            return true;
        }
        consumer.assign(all);
        if (atStart) {
            consumer.seekToEnd(added);
        }
        else {
            consumer.seekToBeginning(added);
        }
        // position() resolves the lazy seek now, so "ready" means positioned.
        added.forEach(consumer::position);
        assigned.addAll(added);
        this.assignedPartitions = assigned.size();
        log.info("{} assigned {} partitions", this.name, assigned.size());
        return true;
    }

    private void dispatch(ConsumerRecord<String, Object> record) {
        if (!hasFollowers()) {
            return;
        }
        if (this.deliveries != null) {
            this.deliveries.record(record);
        }
        if (!(record.value() instanceof SkeinEvent event)) {
            // the platform's deserializer left it empty: no one here can be waiting for
            // it
            log.warn("Skipping unreadable record {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        try (Correlation.Scope ignored = Correlation.open(Correlation.of(record.headers()))) {
            KafkaListenerObservation.LISTENER_OBSERVATION
                .observation(null, KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
                        () -> new KafkaRecordReceiverContext(record, this.name, this.name, this.name, () -> null),
                        this.observations)
                .observe(() -> on(event));
        }
        catch (RuntimeException ex) {
            // one follower's failure must not cost the others the rest of this poll
            log.warn("Could not hand on {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    ex.toString());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
