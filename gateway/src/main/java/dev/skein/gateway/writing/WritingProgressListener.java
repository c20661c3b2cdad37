package dev.skein.gateway.writing;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.Topics;
import dev.skein.contracts.WritingProgressed;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads every progress event of every writing job and hands it to the SSE clients of this
 * instance. Like the reply listener, a plain consumer with {@code assign()} from the end of each
 * partition: every gateway instance must see every event (the client is connected to one of them),
 * and an event older than this process has no one following it here (a client that connects later
 * gets the job's state first).
 */
@Component
class WritingProgressListener implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(WritingProgressListener.class);

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final ConsumerFactory<String, String> consumers;

    private final WritingStreams streams;

    private volatile Consumer<String, String> consumer;

    private volatile Thread thread;

    private volatile boolean running;

    private volatile boolean ready;

    WritingProgressListener(ConsumerFactory<String, String> consumers, WritingStreams streams) {
        this.consumers = consumers;
        this.streams = streams;
    }

    @Override
    public void start() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumer = this.consumers.createConsumer(null, "gateway-writing", null, overrides);
        this.running = true;
        this.thread = new Thread(this::run, "skein-writing-progress");
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

    /** As the reply listener: up before the web server, down after its graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public Health health() {
        return (this.ready ? Health.up() : Health.down()).build();
    }

    private void run() {
        Consumer<String, String> consumer = this.consumer;
        try {
            while (this.running && !assign(consumer)) {
                Thread.sleep(500);
            }
            this.ready = this.running;
            while (this.running) {
                try {
                    for (ConsumerRecord<String, String> record : consumer.poll(POLL_TIMEOUT)) {
                        dispatch(record);
                    }
                }
                catch (WakeupException ex) {
                    throw ex;
                }
                catch (RuntimeException ex) {
                    log.error("Writing progress poll failed", ex);
                    Thread.sleep(1000);
                }
            }
        }
        catch (WakeupException | InterruptedException ex) {
            // stop() was called
        }
        finally {
            this.ready = false;
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private boolean assign(Consumer<String, String> consumer) {
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.WRITING_PROGRESSED);
            if (partitions == null || partitions.isEmpty()) {
                return false;
            }
            List<TopicPartition> all = partitions.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(all);
            consumer.seekToEnd(all);
            all.forEach(consumer::position);
            return true;
        }
        catch (WakeupException ex) {
            throw ex;
        }
        catch (KafkaException ex) {
            log.warn("Writing progress listener cannot read its topic's partitions yet: {}", ex.toString());
            return false;
        }
    }

    private void dispatch(ConsumerRecord<String, String> record) {
        if (this.streams.isEmpty()) {
            return;
        }
        try {
            SkeinEvent event = KafkaEvents.event(record);
            if (event instanceof WritingProgressed progressed) {
                this.streams.on(progressed);
            }
        }
        catch (RuntimeException ex) {
            log.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    ex.toString());
        }
    }
}
