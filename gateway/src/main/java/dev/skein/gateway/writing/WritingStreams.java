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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import dev.skein.contracts.WritingProgressed;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The clients following writing jobs over SSE. A subscriber is registered before the job's state is
 * read, and live events that arrive meanwhile wait until that state is sent: a client sees where
 * the job stands first, then every later step (a step may show in both), and the stream ends with
 * {@code completed} or {@code failed}. Writes go through a per-client chain on a shared executor,
 * so a slow client never holds up the progress listener.
 */
@Component
class WritingStreams implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WritingStreams.class);

    /** A long job with a real model takes many minutes; a client that needs longer reconnects. */
    static final long STREAM_TIMEOUT_MILLIS = 60 * 60 * 1000L;

    private final Map<UUID, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();

    private final ExecutorService writer = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "skein-writing-sse");
        thread.setDaemon(true);
        return thread;
    });

    /** Registers a client of the job; call {@link Subscriber#start(JsonNode)} with the job's state next. */
    Subscriber subscribe(String tenantId, UUID jobId) {
        Subscriber subscriber = new Subscriber(tenantId, jobId, new SseEmitter(STREAM_TIMEOUT_MILLIS));
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

    @Override
    public void destroy() {
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

        private final UUID jobId;

        private final SseEmitter emitter;

        /** Live events that arrived before the state was sent. */
        private final List<WritingProgressed> early = new ArrayList<>();

        private boolean started;

        private boolean finished;

        private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);

        private Subscriber(String tenantId, UUID jobId, SseEmitter emitter) {
            this.tenantId = tenantId;
            this.jobId = jobId;
            this.emitter = emitter;
        }

        SseEmitter emitter() {
            return this.emitter;
        }

        /** Sends the job's state as the first event, then what arrived meanwhile; ends at once for a finished job. */
        synchronized void start(JsonNode job) {
            this.started = true;
            write(SseEmitter.event().name("state").data(job, MediaType.APPLICATION_JSON));
            if (terminal(job.path("status").asString(""))) {
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

        /** The job could not be read: nothing was sent, the request answers with a problem instead. */
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
