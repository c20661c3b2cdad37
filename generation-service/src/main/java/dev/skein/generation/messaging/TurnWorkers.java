package dev.skein.generation.messaging;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.skein.generation.GenerationProperties;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Answers turns on worker threads, {@link TurnSettings#concurrency()} at once. A listener
 * thread used to answer its partition's turns one after another: with an LLM that takes a
 * second, an instance answered as many turns per second as it had partitions (three), and
 * a turn waited behind every other conversation's LLM call on its partition
 * (docs/decisions.md, concurrent turns).
 * <p>
 * What is kept: one conversation's turns still run one after another, in the order they
 * arrived, so its replies are stored in order; a record is acknowledged only once it and
 * every record before it on its partition are finished ({@link PartitionOffsets}), so a
 * crash delivers again whatever had not ended, never skips it. A turn whose work throws
 * (the failure could not even be published: the broker is unreachable) is left
 * unacknowledged, and delivered again after a restart or a rebalance.
 */
@Component
class TurnWorkers implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TurnWorkers.class);

    private final Semaphore permits;

    private final ExecutorService workers;

    /** The last turn handed out per conversation: the next one runs after it. */
    private final Map<String, CompletableFuture<Void>> conversations = new ConcurrentHashMap<>();

    private final Map<TopicPartition, PartitionOffsets<Acknowledgment>> partitions = new ConcurrentHashMap<>();

    TurnWorkers(TurnSettings settings, GenerationProperties properties) {
        int bulkhead = properties.llm().resilience().maxConcurrent();
        if (settings.concurrency() > bulkhead) {
            throw new IllegalStateException("SKEIN_GENERATION_CONCURRENT_TURNS (" + settings.concurrency()
                    + ") is above SKEIN_LLM_MAX_CONCURRENT (" + bulkhead
                    + "): the turns beyond it would find the LLM's bulkhead full and get the extractive fallback");
        }
        this.permits = new Semaphore(settings.concurrency());
        CustomizableThreadFactory threads = new CustomizableThreadFactory("generation-turn-");
        threads.setDaemon(true);
        this.workers = Executors.newFixedThreadPool(settings.concurrency(), threads);
    }

    /**
     * Runs {@code work} on a worker, after the earlier turns of {@code conversation} that
     * this instance holds. Blocks the calling listener while every worker is taken: the
     * records wait in Kafka, not in memory.
     */
    void submit(TopicPartition partition, long offset, String conversation, Acknowledgment acknowledgment,
            Runnable work) throws InterruptedException {
        this.permits.acquire();
        PartitionOffsets<Acknowledgment> offsets = this.partitions.computeIfAbsent(partition,
                p -> new PartitionOffsets<>());
        offsets.started(offset, acknowledgment);
        Runnable turn = () -> run(partition, offset, offsets, work);
        try {
            CompletableFuture<Void> queued = this.conversations.compute(conversation,
                    (key, previous) -> previous == null ? CompletableFuture.runAsync(turn, this.workers)
                            // a turn catches its own failures; this only guards the chain
                            : previous.exceptionally(ignored -> null).thenRunAsync(turn, this.workers));
            queued.whenComplete((ignored, failure) -> this.conversations.remove(conversation, queued));
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
            log.error("Turn at {}@{} could not be answered nor its failure published; left unacknowledged, "
                    + "it is delivered again after a restart or a rebalance", partition, offset, ex);
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

    @Override
    public void destroy() throws InterruptedException {
        this.workers.shutdown();
        // a turn in flight gets the LLM's time to end; one cut off is delivered again
        if (!this.workers.awaitTermination(10, TimeUnit.SECONDS)) {
            this.workers.shutdownNow();
        }
    }

}
