package dev.skein.platform.kafka.workers;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.observability.TraceContext;

/**
 * Runs a listener's records on worker threads, {@code concurrency} at once, so that a
 * record that waits (an LLM call, a recall waiting for its index) does not hold every
 * other conversation of its partition. A listener thread handles its partitions' records
 * one after another; used as is, a turn waited behind every other conversation's LLM call
 * or recall on its partition (docs/decisions.md, concurrent turns).
 * <p>
 * What is kept: the records of one key (a conversation) still run one after another, in
 * the order they arrived, whatever their topic; a record is acknowledged only once it and
 * every record before it on its partition are finished ({@link PartitionOffsets}), so a
 * crash delivers again whatever had not ended, never skips it. A record whose work throws
 * is left unacknowledged, and delivered again after a restart or a rebalance. The
 * record's correlation id and trace go with it to the worker.
 * <p>
 * The listener's container must be set up by {@link #containerPostProcessor()}: manual
 * acknowledgment, and the workers hear when a partition moves to another instance.
 */
public final class OrderedWorkers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OrderedWorkers.class);

    private final String name;

    private final Semaphore permits;

    private final ExecutorService workers;

    private final TraceContext traces;

    private final Duration shutdownGrace;

    /** The last record handed out per key: the next one runs after it. */
    private final Map<String, CompletableFuture<Void>> keys = new ConcurrentHashMap<>();

    private final Map<TopicPartition, PartitionOffsets<Acknowledgment>> partitions = new ConcurrentHashMap<>();

    /**
     * @param name names the threads ({@code name-1}, ...) and the trace span of each
     * record's work
     * @param concurrency records running at once, whatever the partitions
     * @param shutdownGrace how long a record in flight gets to end at shutdown; one cut
     * off is delivered again
     */
    public OrderedWorkers(String name, int concurrency, Duration shutdownGrace, TraceContext traces) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        this.name = name;
        this.traces = traces;
        this.shutdownGrace = shutdownGrace;
        this.permits = new Semaphore(concurrency);
        CustomizableThreadFactory threads = new CustomizableThreadFactory(name + "-");
        threads.setDaemon(true);
        this.workers = Executors.newFixedThreadPool(concurrency, threads);
    }

    /**
     * Runs {@code work} on a worker, after the earlier records of {@code key} that this
     * instance holds. Blocks the calling listener while every worker is taken: the
     * records wait in Kafka, not in memory.
     */
    public void submit(TopicPartition partition, long offset, String key, Acknowledgment acknowledgment, Runnable work)
            throws InterruptedException {
        this.permits.acquire();
        PartitionOffsets<Acknowledgment> offsets = this.partitions.computeIfAbsent(partition,
                p -> new PartitionOffsets<>());
        offsets.started(offset, acknowledgment);
        String correlationId = Correlation.current();
        String traceParent = this.traces.current();
        Runnable record = () -> run(partition, offset, offsets, () -> {
            try (Correlation.Scope correlation = Correlation.open(correlationId);
                    TraceContext.Scope trace = this.traces.resume(traceParent, this.name)) {
                work.run();
            }
        });
        try {
            CompletableFuture<Void> queued = this.keys.compute(key,
                    (k, previous) -> previous == null ? CompletableFuture.runAsync(record, this.workers)
                            // a record catches its own failures; this only guards the
                            // chain
                            : previous.exceptionally(ignored -> null).thenRunAsync(record, this.workers));
            queued.whenComplete((ignored, failure) -> this.keys.remove(key, queued));
        }
        catch (RejectedExecutionException ex) {
            // shutting down: unacknowledged, the record is delivered again after the
            // restart
            this.permits.release();
        }
    }

    private void run(TopicPartition partition, long offset, PartitionOffsets<Acknowledgment> offsets, Runnable work) {
        boolean finished = false;
        try {
            work.run();
            finished = true;
        }
        catch (RuntimeException ex) {
            log.error("Record {}@{} failed and is left unacknowledged; it is delivered again after a restart "
                    + "or a rebalance", partition, offset, ex);
        }
        finally {
            this.permits.release();
        }
        if (finished) {
            Acknowledgment committable = offsets.finished(offset);
            // a partition that moved on is committed by its new owner, from its own work
            if (committable != null && this.partitions.get(partition) == offsets) {
                committable.acknowledge();
            }
        }
    }

    /**
     * Forgets what this instance tracked of partitions it no longer owns: their records
     * are delivered to the new owner from its last commit, and a new assignment starts
     * from a clean slate.
     */
    void revoked(Collection<TopicPartition> revoked) {
        revoked.forEach(this.partitions::remove);
    }

    /**
     * Sets up the container of a listener that hands its records to these workers: they
     * are acknowledged by the workers when finished, not when the listener returns (nor
     * when the error handler parks one: {@link AcknowledgedByWorkers}), and the workers
     * hear when a partition moves to another instance. Register it as a bean and name the
     * bean in {@code @KafkaListener(containerPostProcessor = ...)}.
     */
    public ContainerPostProcessor<Object, Object, AbstractMessageListenerContainer<Object, Object>> containerPostProcessor() {
        return container -> {
            container.getContainerProperties().setAckMode(AckMode.MANUAL);
            CommonErrorHandler errors = container.getCommonErrorHandler();
            if (errors != null) {
                container.setCommonErrorHandler(new AcknowledgedByWorkers(errors));
            }
            container.getContainerProperties().setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {

                @Override
                public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer,
                        Collection<TopicPartition> partitions) {
                    revoked(partitions);
                }

                @Override
                public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                    revoked(partitions);
                }

            });
        };
    }

    @Override
    public void close() throws InterruptedException {
        this.workers.shutdown();
        if (!this.workers.awaitTermination(this.shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
            this.workers.shutdownNow();
        }
    }

}
