package dev.skein.retrieval.indexing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Embeds the chunks of a batch a few at a time ({@code SKEIN_INDEXING_CONCURRENCY}, 0:
 * one per core), each on one model thread: on few cores that is how the model gets
 * through the most chunks per second (see Embedder). The results come back in the batch's
 * order, and each chunk's vector is the one it gets alone: the model sees one text per
 * call whichever thread calls it.
 */
@Component
class EmbeddingWorkers {

    private final int concurrency;

    /** Null when one at a time: then the caller's thread embeds, as it always did. */
    private final ExecutorService workers;

    EmbeddingWorkers(@Value("${skein.retrieval.indexing-concurrency:0}") int concurrency) {
        this.concurrency = concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
        AtomicInteger threads = new AtomicInteger();
        this.workers = this.concurrency == 1 ? null : Executors.newFixedThreadPool(this.concurrency, task -> {
            Thread thread = new Thread(task, "index-embedding-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    int concurrency() {
        return this.concurrency;
    }

    /** Runs the tasks, at most {@link #concurrency()} at once; their results in order. */
    <T> List<T> all(List<Callable<T>> tasks) {
        List<T> results = new ArrayList<>(tasks.size());
        if (this.workers == null || tasks.size() < 2) {
            for (Callable<T> task : tasks) {
                results.add(call(task));
            }
            return results;
        }
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        tasks.forEach(task -> futures.add(this.workers.submit(task)));
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

}
