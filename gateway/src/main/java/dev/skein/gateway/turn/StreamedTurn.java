package dev.skein.gateway.turn;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.skein.contracts.ReplyDelta;
import dev.skein.gateway.web.ProblemException;
import dev.skein.gateway.web.ProblemResponses;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A turn streamed as server-sent events: {@code delta} events in index order, each once (a
 * redelivered generation request repeats indices), then {@code reply} or {@code error}.
 * Writes go through a per-turn chain on a shared executor, so a slow client never holds up the
 * reply listener or another client, and the events of one turn keep their order.
 */
final class StreamedTurn extends PendingTurn {

    private static final Logger log = LoggerFactory.getLogger(StreamedTurn.class);

    private final SseEmitter emitter;

    private final Executor writer;

    private final String instance;

    /** Deltas that arrived ahead of a missing index. */
    private final Map<Integer, String> early = new TreeMap<>();

    private int nextIndex;

    private boolean finished;

    private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);

    StreamedTurn(String tenantId, SseEmitter emitter, Executor writer, String instance) {
        super(tenantId);
        this.emitter = emitter;
        this.writer = writer;
        this.instance = instance;
    }

    SseEmitter emitter() {
        return this.emitter;
    }

    @Override
    synchronized void delta(ReplyDelta delta) {
        if (this.finished || delta.index() < this.nextIndex) {
            return;
        }
        this.early.putIfAbsent(delta.index(), delta.text() == null ? "" : delta.text());
        String text;
        while ((text = this.early.remove(this.nextIndex)) != null) {
            Map<String, Object> data = Map.of("index", this.nextIndex, "text", text);
            write(() -> this.emitter.send(SseEmitter.event().name("delta").data(data, MediaType.APPLICATION_JSON)));
            this.nextIndex++;
        }
    }

    @Override
    synchronized void complete(TurnAnswer answer) {
        finish("reply", answer);
    }

    @Override
    synchronized void fail(ProblemException problem) {
        finish("error", ProblemResponses.asMap(problem.problem(), this.instance));
    }

    private void finish(String event, Object data) {
        if (this.finished) {
            return;
        }
        this.finished = true;
        // Deltas still missing are not waited for: the reply event carries the whole content.
        this.early.clear();
        write(() -> {
            this.emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
            this.emitter.complete();
        });
    }

    private void write(Write write) {
        this.writes = this.writes.thenRunAsync(() -> {
            try {
                write.run();
            }
            catch (Exception ex) {
                // The client went away; the turn still completes and is stored upstream.
                log.debug("Could not write to an SSE client: {}", ex.toString());
            }
        }, this.writer);
    }

    @FunctionalInterface
    private interface Write {

        void run() throws Exception;
    }
}
