package dev.skein.gateway.turn;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.skein.contracts.ReplyDelta;
import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.ProblemResponses;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * A turn streamed as server-sent events in a {@link TurnStreamFormat}: deltas in index
 * order, each once (a redelivered generation request repeats indices), then the
 * completion or the failure. Writes go through a per-turn chain on a shared executor, so
 * a slow client never holds up the reply listener or another client, and the events of
 * one turn keep their order.
 */
final class StreamedTurn extends PendingTurn {

    private static final Logger log = LoggerFactory.getLogger(StreamedTurn.class);

    private final SseEmitter emitter;

    private final Executor writer;

    private final String instance;

    private final TurnStreamFormat format;

    /** Deltas that arrived ahead of a missing index. */
    private final Map<Integer, String> early = new TreeMap<>();

    /** The text sent so far, for formats that must end with exactly the stored reply. */
    private final StringBuilder streamed = new StringBuilder();

    private int nextIndex;

    private boolean finished;

    private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);

    StreamedTurn(String tenantId, SseEmitter emitter, Executor writer, String instance, TurnStreamFormat format) {
        super(tenantId);
        this.emitter = emitter;
        this.writer = writer;
        this.instance = instance;
        this.format = format;
        List<SseEventBuilder> opening = format.opening();
        if (!opening.isEmpty()) {
            write(() -> send(opening));
        }
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
            SseEventBuilder event = this.format.delta(this.nextIndex, text);
            this.streamed.append(text);
            write(() -> this.emitter.send(event));
            this.nextIndex++;
        }
    }

    @Override
    synchronized void complete(TurnAnswer answer) {
        if (!this.finished) {
            finish(this.format.completed(answer, this.streamed.toString()));
        }
    }

    @Override
    synchronized void fail(ProblemException problem) {
        if (!this.finished) {
            finish(this.format.failed(ProblemResponses.asMap(problem.problem(), this.instance)));
        }
    }

    private void finish(List<SseEventBuilder> events) {
        this.finished = true;
        // Deltas still missing are not waited for: the format decides how the stream
        // ends.
        this.early.clear();
        write(() -> {
            send(events);
            this.emitter.complete();
        });
    }

    private void send(List<SseEventBuilder> events) throws Exception {
        for (SseEventBuilder event : events) {
            this.emitter.send(event);
        }
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
