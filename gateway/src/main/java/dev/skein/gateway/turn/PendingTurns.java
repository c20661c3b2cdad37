package dev.skein.gateway.turn;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.skein.contracts.ReplyDelta;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnFailed;
import dev.skein.gateway.GatewayProperties;
import dev.skein.platform.observability.TurnMetrics;
import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.Problems;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The turns this instance waits for, by turn id. Whoever removes a turn from the map
 * (reply, failure, timeout, or a client that went away) ends it, so each turn ends
 * exactly once. Events for turns not in the map belong to another gateway instance and
 * are ignored.
 */
@Component
class PendingTurns implements DisposableBean {

    // The container's own timeout backs ours up; it must not fire first.
    private static final Duration EMITTER_MARGIN = Duration.ofSeconds(30);

    private final Map<UUID, PendingTurn> turns = new ConcurrentHashMap<>();

    private final Duration turnTimeout;

    private final ScheduledThreadPoolExecutor timer;

    private final ExecutorService sseWriter;

    private final TurnMetrics metrics;

    PendingTurns(GatewayProperties properties, TurnMetrics metrics) {
        this.metrics = metrics;
        this.turnTimeout = properties.turnTimeout();
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("skein-turn-timeout"));
        this.timer.setRemoveOnCancelPolicy(true);
        // Blocking socket writes to SSE clients; bounded so a flood of slow clients
        // cannot grow threads.
        this.sseWriter = Executors.newFixedThreadPool(8, daemonThreads("skein-sse-writer"));
    }

    /**
     * Registers a turn answered by one JSON response; register before the request is
     * produced.
     */
    AwaitedTurn await(UUID turnId, String tenantId, Function<TurnAnswer, ?> body) {
        return register(turnId, () -> new AwaitedTurn(tenantId, body));
    }

    /**
     * Registers a streamed turn; the emitter unregisters it when the client goes away.
     */
    StreamedTurn stream(UUID turnId, String tenantId, String instance, TurnStreamFormat format) {
        SseEmitter emitter = new SseEmitter(this.turnTimeout.plus(EMITTER_MARGIN).toMillis());
        StreamedTurn turn = register(turnId,
                () -> new StreamedTurn(tenantId, emitter, this.sseWriter, instance, format));
        emitter.onCompletion(() -> abandoned(turnId));
        emitter.onTimeout(() -> abandoned(turnId));
        emitter.onError(error -> abandoned(turnId));
        return turn;
    }

    private <T extends PendingTurn> T register(UUID turnId, Supplier<T> factory) {
        T turn = factory.get();
        this.turns.put(turnId, turn);
        turn.timeout(this.timer.schedule(() -> fail(turnId, Problems.turnTimeout()), this.turnTimeout.toMillis(),
                TimeUnit.MILLISECONDS));
        return turn;
    }

    void on(ReplyDelta delta) {
        PendingTurn turn = this.turns.get(delta.turnId());
        if (turn != null && turn.tenantId().equals(delta.tenantId())) {
            turn.delta(delta);
        }
    }

    void on(TurnCompleted completed) {
        PendingTurn turn = remove(completed.turnId(), completed.tenantId());
        if (turn != null) {
            this.metrics.record(TurnMetrics.GATEWAY, turn.elapsedNanos());
            this.metrics.ended("completed");
            turn.complete(TurnAnswer.of(completed));
        }
    }

    void on(TurnFailed failed) {
        PendingTurn turn = remove(failed.turnId(), failed.tenantId());
        if (turn != null) {
            this.metrics.ended("failed");
            turn.fail(Problems.turnFailed(failed.reason()));
        }
    }

    void fail(UUID turnId, ProblemException problem) {
        PendingTurn turn = remove(turnId);
        if (turn != null) {
            this.metrics.ended(problem.problem().getStatus() == 504 ? "timeout" : "unavailable");
            turn.fail(problem);
        }
    }

    /** A streaming client that went away before its turn ended. */
    private void abandoned(UUID turnId) {
        if (remove(turnId) != null) {
            this.metrics.ended("abandoned");
        }
    }

    boolean isEmpty() {
        return this.turns.isEmpty();
    }

    int size() {
        return this.turns.size();
    }

    private PendingTurn remove(UUID turnId, String tenantId) {
        PendingTurn turn = this.turns.get(turnId);
        // A turn id is a random UUID; the tenant check only guards against a confused
        // producer.
        return turn != null && turn.tenantId().equals(tenantId) ? remove(turnId) : null;
    }

    private PendingTurn remove(UUID turnId) {
        PendingTurn turn = this.turns.remove(turnId);
        if (turn != null) {
            turn.cancelTimeout();
        }
        return turn;
    }

    @Override
    public void destroy() {
        this.timer.shutdownNow();
        this.sseWriter.shutdown();
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

}
