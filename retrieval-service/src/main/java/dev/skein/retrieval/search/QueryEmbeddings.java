package dev.skein.retrieval.search;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Embeds a search's question on a thread of its own, so that the request's thread can
 * meanwhile wait for what the search needs from elsewhere (the memory-service's salient
 * memories). One thread per core: an embedding keeps one busy.
 */
@Component
public class QueryEmbeddings implements DisposableBean {

    private final MemorySearch search;

    private final ExecutorService threads;

    QueryEmbeddings(MemorySearch search) {
        this.search = search;
        CustomizableThreadFactory factory = new CustomizableThreadFactory("query-embedding-");
        factory.setDaemon(true);
        this.threads = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), factory);
    }

    /** The question's vector, as {@link MemorySearch} embeds it. */
    public CompletableFuture<float[]> of(SearchQuery query) {
        return CompletableFuture.supplyAsync(() -> this.search.queryVector(query), this.threads);
    }

    @Override
    public void destroy() {
        this.threads.shutdownNow();
    }

}
