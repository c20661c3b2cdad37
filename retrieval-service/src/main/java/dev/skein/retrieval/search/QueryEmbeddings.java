package dev.skein.retrieval.search;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

import dev.skein.retrieval.embedding.Embedder;

/**
 * A question's vector: without the names of the conversation's speakers (the speaker
 * boost ranks a named speaker's own turns, while the name in the embedded query pulls up
 * the turns that address that speaker by name, which are the other speaker's).
 *
 * <p>
 * Two ways to have it before the search needs it. A search embeds it on a thread of its
 * own ({@link #of}) while its request thread waits for what else it needs (the
 * memory-service's salient memories). A chat turn's question is embedded as soon as the
 * turn is requested ({@link #prefetch}), on one thread, while the memory-service is still
 * appending it and planning the recall; the recall then takes that vector instead of
 * embedding the same question again. A vector is a function of its text alone: the
 * prefetched one is used only when the text the recall would embed is the text it was
 * made from (a speaker indexed in between changes it), so the answer is the same either
 * way. Only the questions of conversations whose previous turn asked for a recall are
 * embedded ahead ({@link #recalled}); a recall that finds no prefetch leaves a mark, so
 * that its turn, read later by a consumer that is behind, is not embedded for nothing.
 * Prefetches are dropped when their thread is behind (at saturation they would only add
 * work) and forgotten after {@link #PREFETCH_TTL_NANOS}.
 */
@Component
public class QueryEmbeddings implements DisposableBean {

    /** Questions embedded ahead and not taken yet, at most. */
    static final int PREFETCHED = 256;

    /** A recall comes within milliseconds of its turn; older prefetches are forgotten. */
    static final long PREFETCH_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Conversations remembered as asking for recalls, at most (the most recent). */
    static final int RECALLING = 10_000;

    /** Prefetches waiting for the thread, at most; more are dropped. */
    static final int PREFETCH_QUEUE = 4;

    private final Embedder embedder;

    private final ConversationSpeakers speakers;

    /** Conversations whose last turn asked for a recall, least recently asked first. */
    private final Map<String, Boolean> recalling = new LinkedHashMap<>(16, 0.75f, true);

    private final ExecutorService threads;

    private final ThreadPoolExecutor prefetchThread;

    /** By tenant, conversation and question, oldest first; marks of searches too. */
    private final Map<String, Prefetched> prefetched = new LinkedHashMap<>();

    private final Counter embeddedAhead;

    private final Counter taken;

    private final Counter unused;

    private final Counter dropped;

    QueryEmbeddings(Embedder embedder, ConversationSpeakers speakers, MeterRegistry meters) {
        this.embedder = embedder;
        this.speakers = speakers;
        CustomizableThreadFactory factory = new CustomizableThreadFactory("query-embedding-");
        factory.setDaemon(true);
        this.threads = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), factory);
        CustomizableThreadFactory prefetchFactory = new CustomizableThreadFactory("query-prefetch-");
        prefetchFactory.setDaemon(true);
        this.prefetchThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(PREFETCH_QUEUE), prefetchFactory, new ThreadPoolExecutor.AbortPolicy());
        String name = "skein.query.prefetch";
        String description = "Questions of chat turns embedded as the turn was requested (embedded), and what "
                + "became of them: taken by their recall, unused, dropped (the thread was behind)";
        this.embeddedAhead = Counter.builder(name).description(description).tag("outcome", "embedded").register(meters);
        this.taken = Counter.builder(name).description(description).tag("outcome", "taken").register(meters);
        this.unused = Counter.builder(name).description(description).tag("outcome", "unused").register(meters);
        this.dropped = Counter.builder(name).description(description).tag("outcome", "dropped").register(meters);
    }

    /** The question's vector, on this thread. */
    public float[] vector(SearchQuery query) {
        return this.embedder.embedQuery(text(query.tenantId(), query.conversationId(), query.text()));
    }

    /** The question's vector, on a thread of its own. */
    public CompletableFuture<float[]> of(SearchQuery query) {
        return CompletableFuture.supplyAsync(() -> vector(query), this.threads);
    }

    /**
     * A recall's question's vector: the prefetched one when its turn's question was
     * embedded ahead (waiting for it when its embedding is under way), else embedded on
     * this thread, leaving a mark for a prefetch that comes after it. Only recalls look:
     * a turn's question is prefetched for its recall, not for the API's searches.
     */
    public float[] forRecall(SearchQuery query) {
        String text = text(query.tenantId(), query.conversationId(), query.text());
        Prefetched ahead = take(key(query.tenantId(), query.conversationId(), query.text()));
        if (ahead != null && !ahead.served()) {
            // not started yet: embedding it here costs no more than waiting for it
            Embedded embedded = ahead.claim() ? null : ahead.embedded().join();
            if (embedded != null && embedded.text().equals(text)) {
                this.taken.increment();
                return embedded.vector();
            }
            this.unused.increment();
        }
        return this.embedder.embedQuery(text);
    }

    /**
     * Embeds a chat turn's question ahead of its recall, unless the thread for it is
     * behind. Never blocks.
     */
    public void prefetch(String tenantId, String conversationId, String question) {
        if (question == null || question.isBlank() || !recalls(tenantId, conversationId)) {
            return;
        }
        String key = key(tenantId, conversationId, question);
        Prefetched ahead = new Prefetched(System.nanoTime());
        synchronized (this.prefetched) {
            forgetOld(ahead.at());
            if (this.prefetched.putIfAbsent(key, ahead) != null) {
                return;
            }
        }
        try {
            this.prefetchThread.execute(() -> embedAhead(ahead, tenantId, conversationId, question));
        }
        catch (RejectedExecutionException ex) {
            synchronized (this.prefetched) {
                this.prefetched.remove(key, ahead);
            }
            this.dropped.increment();
        }
    }

    /**
     * Notes whether the conversation's turn asked for a recall. Its next turn's question
     * is embedded ahead only when it did: the memory-service asks for none while the
     * conversation fits its flash memory (a short conversation, most of them), and once
     * it asks, it asks on every turn.
     */
    public void recalled(String tenantId, String conversationId, boolean recall) {
        String conversation = key(tenantId, conversationId, "");
        synchronized (this.recalling) {
            if (!recall) {
                this.recalling.remove(conversation);
                return;
            }
            this.recalling.put(conversation, Boolean.TRUE);
            if (this.recalling.size() > RECALLING) {
                this.recalling.remove(this.recalling.keySet().iterator().next());
            }
        }
    }

    private boolean recalls(String tenantId, String conversationId) {
        synchronized (this.recalling) {
            return this.recalling.containsKey(key(tenantId, conversationId, ""));
        }
    }

    /**
     * Called when the conversation is erased: its questions embedded ahead are not kept,
     * here or in the {@link Embedder}.
     */
    public void forget(String tenantId, String conversationId) {
        String prefix = key(tenantId, conversationId, "");
        synchronized (this.prefetched) {
            this.prefetched.keySet().removeIf(key -> key.startsWith(prefix));
        }
        synchronized (this.recalling) {
            this.recalling.remove(prefix);
        }
        this.embedder.forgetTurnQuestions();
    }

    private void embedAhead(Prefetched ahead, String tenantId, String conversationId, String question) {
        if (!ahead.claim()) {
            return;
        }
        try {
            ahead.embedded().complete(embedded(text(tenantId, conversationId, question)));
        }
        catch (RuntimeException ex) {
            ahead.embedded().complete(null);
        }
    }

    private Embedded embedded(String text) {
        Embedded embedded = new Embedded(text, this.embedder.embedQueryAhead(text));
        this.embeddedAhead.increment();
        return embedded;
    }

    /**
     * The question's prefetch, or null; without one, a mark in its place, so that a
     * prefetch that comes after its recall (a consumer behind: both topics' records in
     * one poll, the recall's first) is not embedded for nothing.
     */
    private Prefetched take(String key) {
        synchronized (this.prefetched) {
            long now = System.nanoTime();
            forgetOld(now);
            Prefetched ahead = this.prefetched.remove(key);
            if (ahead == null) {
                this.prefetched.put(key, Prefetched.servedAt(now));
            }
            return ahead;
        }
    }

    /** Called with the lock held. */
    private void forgetOld(long now) {
        Iterator<Prefetched> oldestFirst = this.prefetched.values().iterator();
        while (oldestFirst.hasNext()) {
            Prefetched ahead = oldestFirst.next();
            if (now - ahead.at() < PREFETCH_TTL_NANOS && this.prefetched.size() < PREFETCHED) {
                return;
            }
            oldestFirst.remove();
            if (!ahead.served()) {
                this.unused.increment();
            }
        }
    }

    private String text(String tenantId, String conversationId, String question) {
        return Speakers.withoutNames(question, this.speakers.of(tenantId, conversationId));
    }

    private static String key(String tenantId, String conversationId, String question) {
        return tenantId + '\n' + conversationId + '\n' + question;
    }

    @Override
    public void destroy() {
        this.threads.shutdownNow();
        this.prefetchThread.shutdownNow();
    }

    /**
     * A question being embedded ahead; whoever claims it first embeds it: the prefetch
     * thread, or a recall that came before the thread got to it.
     *
     * @param served a mark left by a recall without a prefetch, not a prefetch
     * @param embedded the text embedded and its vector; null when it was not embedded
     */
    private record Prefetched(long at, boolean served, CompletableFuture<Embedded> embedded, AtomicBoolean claimed) {

        Prefetched(long at) {
            this(at, false, new CompletableFuture<>(), new AtomicBoolean());
        }

        /** The mark of a question recalled without a prefetch. */
        static Prefetched servedAt(long at) {
            return new Prefetched(at, true, CompletableFuture.completedFuture(null), new AtomicBoolean(true));
        }

        boolean claim() {
            return this.claimed.compareAndSet(false, true);
        }

    }

    private record Embedded(String text, float[] vector) {
    }

}
