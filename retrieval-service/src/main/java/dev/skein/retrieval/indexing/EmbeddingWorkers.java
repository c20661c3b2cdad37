package dev.skein.retrieval.indexing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Embeds the chunks of a batch a few at a time ({@code SKEIN_INDEXING_CONCURRENCY}, 0:
 * one per core), each on one model thread: on few cores that is how the model gets
 * through the most chunks per second (see Embedder). The results come back in the batch's
 * order, and each chunk's vector is the one it gets alone: the model sees one text per
 * call whichever thread calls it.
 * <p>
 * The chats' memories and an import's are indexed by two consumers that share these
 * threads: a batch of the chats' goes ahead of the import's chunks that wait
 * ({@link Lane}), so a chat's new turn is not embedded after the hundreds of chunks of an
 * import batch.
 */
@Component
class EmbeddingWorkers {

    private final int concurrency;

    /** Null when one at a time: then the caller's thread embeds, as it always did. */
    private final ThreadPoolExecutor workers;

    /** Orders the waiting chunks of one lane by arrival. */
    private final AtomicLong submitted = new AtomicLong();

    EmbeddingWorkers(@Value("${skein.retrieval.indexing-concurrency:0}") int concurrency) {
        this.concurrency = concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
        AtomicInteger threads = new AtomicInteger();
        this.workers = this.concurrency == 1 ? null : new ThreadPoolExecutor(this.concurrency, this.concurrency, 0,
                TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "index-embedding-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    int concurrency() {
        return this.concurrency;
    }

    /** Tasks waiting for a thread. */
    int waiting() {
        return this.workers == null ? 0 : this.workers.getQueue().size();
    }

    /**
     * Runs the tasks, at most {@link #concurrency()} at once, ahead of the waiting tasks
     * of a later lane; their results in order.
     */
    <T> List<T> all(List<Callable<T>> tasks, Lane lane) {
        List<T> results = new ArrayList<>(tasks.size());
        if (this.workers == null || tasks.size() < 2) {
            for (Callable<T> task : tasks) {
                results.add(call(task));
            }
            return results;
        }
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            Ranked<T> ranked = new Ranked<>(task, lane, this.submitted.incrementAndGet());
            futures.add(ranked);
            this.workers.execute(ranked);
        }
        try {
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while embedding a batch", ex);
        }
        catch (ExecutionException ex) {
            throw ex.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Embedding failed", ex.getCause());
        }
        finally {
            // a failed batch leaves nothing running behind it (Kafka delivers it again)
            futures.forEach(future -> future.cancel(true));
        }
    }

    private static <T> T call(Callable<T> task) {
        try {
            return task.call();
        }
        catch (RuntimeException ex) {
            throw ex;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Embedding failed", ex);
        }
    }

    @PreDestroy
    void close() {
        if (this.workers != null) {
            this.workers.shutdownNow();
        }
    }

    /** Which consumer's chunks: the chats' go first. */
    enum Lane {

        CHATS, IMPORTS

    }

    /** A task in the workers' queue, by lane, then by arrival. */
    private static final class Ranked<T> extends FutureTask<T> implements Comparable<Ranked<?>> {

        private final Lane lane;

        private final long order;

        Ranked(Callable<T> task, Lane lane, long order) {
            super(task);
            this.lane = lane;
            this.order = order;
        }

        @Override
        public int compareTo(Ranked<?> other) {
            int byLane = this.lane.compareTo(other.lane);
            return byLane != 0 ? byLane : Long.compare(this.order, other.order);
        }

    }

}
