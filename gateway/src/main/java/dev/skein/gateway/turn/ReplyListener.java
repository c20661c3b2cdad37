package dev.skein.gateway.turn;

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
import org.slf4j.MDC;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.ReplyDelta;
import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnFailed;
import dev.skein.gateway.web.CorrelationId;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads every reply of every turn and completes the ones this instance waits for.
 * <p>
 * A plain consumer with {@code assign()} instead of a consumer group: every gateway instance must
 * see every reply (the client's connection is on one of them), and a group rebalance would stall
 * all waiting turns. It starts at the end of each partition: replies to requests of an earlier
 * process have no one waiting for them. Health is DOWN until the partitions are positioned, so no
 * traffic arrives before a reply could be seen.
 */
@Component
class ReplyListener implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);

    /**
     * In dispatch order: one poll can hold a turn's last deltas and its completion (different
     * topics, so no order between them on the wire); deltas go first so a stream misses none.
     */
    static final List<String> TOPICS = List.of(Topics.REPLY_DELTA, Topics.TURN_COMPLETED, Topics.TURN_FAILED);

    // Only bounds how long shutdown and partition checks wait; records are returned as they arrive.
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private static final Duration PARTITION_CHECK_INTERVAL = Duration.ofSeconds(30);

    private final ConsumerFactory<String, String> consumers;

    private final PendingTurns turns;

    private volatile Consumer<String, String> consumer;

    private volatile Thread thread;

    private volatile boolean running;

    private volatile boolean ready;

    private volatile int assignedPartitions;

    ReplyListener(ConsumerFactory<String, String> consumers, PendingTurns turns) {
        this.consumers = consumers;
        this.turns = turns;
    }

    @Override
    public void start() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumer = this.consumers.createConsumer(null, "gateway-replies", null, overrides);
        this.running = true;
        this.thread = new Thread(this::run, "skein-reply-listener");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void stop() {
        this.running = false;
        this.ready = false;
        Consumer<String, String> consumer = this.consumer;
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

    /**
     * Starts before the web server takes requests and stops after its graceful shutdown, so turns
     * still in flight during a shutdown get their replies.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    boolean isReady() {
        return this.ready;
    }

    @Override
    public Health health() {
        Health.Builder health = this.ready ? Health.up() : Health.down();
        return health.withDetail("assignedPartitions", this.assignedPartitions)
                .withDetail("pendingTurns", this.turns.size())
                .build();
    }

    private void run() {
        Consumer<String, String> consumer = this.consumer;
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
                    // Keep listening: if this thread ended, every waiting turn would time out.
                    log.error("Reply listener poll failed", ex);
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

    private void pollOnce(Consumer<String, String> consumer) {
        ConsumerRecords<String, String> records = consumer.poll(POLL_TIMEOUT);
        if (records.isEmpty()) {
            return;
        }
        for (String topic : TOPICS) {
            for (ConsumerRecord<String, String> record : records.records(topic)) {
                dispatch(record);
            }
        }
    }

    /** {@link #assign} that survives a broker that is not reachable yet (it answers false). */
    private boolean tryAssign(Consumer<String, String> consumer, Set<TopicPartition> assigned, boolean atStart) {
        try {
            return assign(consumer, assigned, atStart);
        }
        catch (WakeupException ex) {
            throw ex;
        }
        catch (KafkaException ex) {
            log.warn("Reply listener cannot read the reply topics' partitions yet: {}", ex.toString());
            return false;
        }
    }

    /**
     * Assigns the partitions of all reply topics. At start they are positioned at the end; a
     * partition added later is read from its beginning, since all of it is newer than this process.
     * Answers false while a topic has no partitions yet.
     */
    private boolean assign(Consumer<String, String> consumer, Set<TopicPartition> assigned, boolean atStart) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            if (partitions == null || partitions.isEmpty()) {
                if (atStart) {
                    log.info("Waiting for topic {}", topic);
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
        log.info("Reply listener assigned {} partitions", assigned.size());
        return true;
    }

    private void dispatch(ConsumerRecord<String, String> record) {
        if (this.turns.isEmpty()) {
            return;
        }
        String correlationId = KafkaEvents.correlationId(record);
        if (correlationId != null) {
            MDC.put(CorrelationId.MDC_KEY, correlationId);
        }
        try {
            SkeinEvent event = KafkaEvents.event(record);
            if (event instanceof ReplyDelta delta) {
                this.turns.on(delta);
            }
            else if (event instanceof TurnCompleted completed) {
                this.turns.on(completed);
            }
            else if (event instanceof TurnFailed failed) {
                this.turns.on(failed);
            }
        }
        catch (RuntimeException ex) {
            log.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    ex.toString());
        }
        finally {
            MDC.remove(CorrelationId.MDC_KEY);
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
