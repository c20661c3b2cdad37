package dev.skein.gateway.writing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.skein.contracts.WritingProgressed;
import dev.skein.platform.web.ProblemException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The clients following writing jobs over SSE. A subscriber is registered before the
 * job's state is read, and live events that arrive meanwhile wait until that state is
 * sent: a client sees where the job stands first, then every later step (a step may show
 * in both), and the stream ends with {@code completed} or {@code failed}. Writes go
 * through a per-client chain on a shared executor, so a slow client never holds up the
 * progress listener.
 * <p>
 * Progress events are best effort (the generation-service logs one Kafka does not take,
 * and this listener starts from the end): so every {@code heartbeat} each stream gets an
 * SSE comment, which also keeps proxies from closing an idle connection, and its job's
 * state is read again; a job found finished is sent as a last {@code state} event and the
 * stream ends, and a job that is gone (erased) ends the stream too.
 */
@Component
class WritingStreams implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WritingStreams.class);

    /**
     * A long job with a real model takes many minutes; a client that needs longer
     * reconnects.
     */
    static final long STREAM_TIMEOUT_MILLIS = 60 * 60 * 1000L;

    private final Map<UUID, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();

    private final ExecutorService writer = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "skein-writing-sse");
        thread.setDaemon(true);
        return thread;
    });

    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "skein-writing-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    private final WritingStates states;

    WritingStreams(WritingStates states, WritingProperties properties) {
        this.states = states;
        long every = properties.heartbeat().toMillis();
        this.heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Registers a client of the job; call {@link Subscriber#start(WritingState)} with the
     * job's state next.
     */
    Subscriber subscribe(String tenantId, String conversationId, UUID jobId) {
        Subscriber subscriber = new Subscriber(tenantId, conversationId, jobId, new SseEmitter(STREAM_TIMEOUT_MILLIS));
        this.subscribers.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
        Runnable remove = () -> remove(subscriber);
        subscriber.emitter.onCompletion(remove);
        subscriber.emitter.onTimeout(remove);
        subscriber.emitter.onError(error -> remove.run());
        return subscriber;
    }

    boolean isEmpty() {
        return this.subscribers.isEmpty();
    }

    /** A progress event from the listener: to the job's clients of the same tenant. */
    void on(WritingProgressed event) {
        Set<Subscriber> following = this.subscribers.get(event.jobId());
        if (following == null) {
            return;
        }
        for (Subscriber subscriber : following) {
            if (subscriber.tenantId.equals(event.tenantId())) {
                subscriber.event(event);
            }
        }
    }

    void remove(Subscriber subscriber) {
        this.subscribers.computeIfPresent(subscriber.jobId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * A comment to every stream, then its job's state read again, each on the writer
     * pool.
     */
    private void heartbeat() {
        for (Set<Subscriber> following : this.subscribers.values()) {
            for (Subscriber subscriber : following) {
                subscriber.heartbeat();
                this.writer.execute(subscriber::refresh);
            }
        }
    }

    @Override
    public void destroy() {
        this.heartbeats.shutdownNow();
        this.writer.shutdownNow();
    }

    static boolean terminal(String kindOrStatus) {
        return "completed".equals(kindOrStatus) || "failed".equals(kindOrStatus);
    }

    static Map<String, Object> data(WritingProgressed event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobId", event.jobId());
        data.put("kind", event.kind());
        data.put("status", event.status());
        data.put("section", event.section());
        data.put("title", event.title());
        data.put("targetWords", event.targetWords());
        data.put("actualWords", event.actualWords());
        data.put("sectionsDone", event.sectionsDone());
        data.put("sections", event.sections());
        data.put("detail", event.detail());
        data.put("at", event.occurredAt());
        return data;
    }

    final class Subscriber {

        private final String tenantId;

        private final String conversationId;

        private final UUID jobId;

        private final SseEmitter emitter;

        /** Live events that arrived before the state was sent. */
        private final List<WritingProgressed> early = new ArrayList<>();

        private volatile boolean started;

        private volatile boolean finished;

        private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);

        private Subscriber(String tenantId, String conversationId, UUID jobId, SseEmitter emitter) {
            this.tenantId = tenantId;
            this.conversationId = conversationId;
            this.jobId = jobId;
            this.emitter = emitter;
        }

        SseEmitter emitter() {
            return this.emitter;
        }

        /**
         * Sends the job's state as the first event, then what arrived meanwhile; ends at
         * once for a finished job.
         */
        synchronized void start(WritingState job) {
            this.started = true;
            write(SseEmitter.event().name("state").data(job, MediaType.APPLICATION_JSON));
            if (terminal(job.status())) {
                finish();
                return;
            }
            List<WritingProgressed> pending = List.copyOf(this.early);
            this.early.clear();
            pending.forEach(this::event);
        }

        synchronized void event(WritingProgressed event) {
            if (this.finished) {
                return;
            }
            if (!this.started) {
                this.early.add(event);
                return;
            }
            write(SseEmitter.event().name(event.kind()).data(data(event), MediaType.APPLICATION_JSON));
            if (terminal(event.kind())) {
                finish();
            }
        }

        synchronized void heartbeat() {
            if (this.started && !this.finished) {
                write(SseEmitter.event().comment("heartbeat"));
            }
        }

        /**
         * Reads the job's state again: ends the stream when it is finished (or gone),
         * after sending it.
         */
        void refresh() {
            if (!this.started || this.finished) {
                return;
            }
            WritingState job;
            try {
                job = WritingStreams.this.states.read(this.tenantId, this.conversationId, this.jobId);
            }
            catch (ProblemException ex) {
                if (ex.problem().getStatus() == HttpStatus.NOT_FOUND.value()) {
                    synchronized (this) {
                        if (!this.finished) {
                            log.debug("Writing job {} is gone (erased): ending its stream", this.jobId);
                            finish();
                        }
                    }
                }
                return; // the generation-service is down: the next heartbeat asks again
            }
            catch (RuntimeException ex) {
                log.debug("Could not read writing job {}: {}", this.jobId, ex.toString());
                return;
            }
            synchronized (this) {
                if (!this.finished && terminal(job.status())) {
                    write(SseEmitter.event().name("state").data(job, MediaType.APPLICATION_JSON));
                    finish();
                }
            }
        }

        /**
         * The job could not be read: nothing was sent, the request answers with a problem
         * instead.
         */
        void abandon() {
            remove(this);
        }

        private void finish() {
            this.finished = true;
            remove(this);
            this.writes = this.writes.thenRunAsync(this.emitter::complete, WritingStreams.this.writer);
        }

        private void write(SseEmitter.SseEventBuilder event) {
            this.writes = this.writes.thenRunAsync(() -> {
                try {
                    this.emitter.send(event);
                }
                catch (Exception ex) {
                    // the client went away; the job goes on
                    log.debug("Could not write to an SSE client: {}", ex.toString());
                }
            }, WritingStreams.this.writer);
        }

    }

}
