package dev.skein.gateway.turn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.Problems;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The turns this instance waits for, by turn id. A turn id can have several waiters: a
 * turn sent again (same externalId or Idempotency-Key) has the same id, and each copy is
 * answered with the one outcome. Whoever removes a waiter (reply, failure, its timeout,
 * or a client that went away) ends it, so each waiter ends exactly once. Events for turns
 * not in the map belong to another gateway instance and are ignored. At most
 * {@link TurnAdmission#limit()} waiters at once (adaptive, never above
 * {@link TurnLimits#maxInFlight()}): beyond it a turn is refused with 503
 * {@code overloaded} before anything is produced, never queued.
 */
@Component
class PendingTurns implements DisposableBean {

    // The container's own timeout backs ours up; it must not fire first.
    private static final Duration EMITTER_MARGIN = Duration.ofSeconds(30);

    /** Lists are replaced, never changed in place, so readers need no lock. */
    private final Map<UUID, List<PendingTurn>> turns = new ConcurrentHashMap<>();

    private final Duration turnTimeout;

    private final ScheduledThreadPoolExecutor timer;

    private final ExecutorService sseWriter;

    private final TurnMetrics metrics;

    private final TurnLimits limits;

    /** Waiters in {@link #turns}: taken before one is added, given back when it ends. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private final TurnAdmission admission;

    PendingTurns(GatewayProperties properties, TurnLimits limits, TurnMetrics metrics, MeterRegistry registry) {
        this.metrics = metrics;
        this.limits = limits;
        this.admission = new TurnAdmission(limits.maxInFlight(), limits.latencyTarget().toNanos(), System::nanoTime,
                this.inFlight::get);
        Gauge.builder("skein.turn.admission.limit", this.admission, TurnAdmission::limit)
            .description("Turns this gateway instance takes at once now (adapts below SKEIN_MAX_IN_FLIGHT_TURNS)")
            .register(registry);
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
        emitter.onCompletion(() -> abandoned(turnId, turn));
        emitter.onTimeout(() -> abandoned(turnId, turn));
        emitter.onError(error -> abandoned(turnId, turn));
        return turn;
    }

    /**
     * Refuses a turn at once while this instance is at its limit: called as its request
     * arrives ({@link TurnAdmissionFilter}), so that a refusal costs no statement of the
     * rate limit and no body read. {@link #register} checks again.
     * @throws ProblemException 503 {@code overloaded} with {@code Retry-After}
     */
    void refuseIfFull() {
        int limit = this.admission.limit();
        if (this.inFlight.get() >= limit) {
            throw overloaded(limit);
        }
    }

    private ProblemException overloaded(int limit) {
        this.metrics.ended("overloaded");
        return Problems.overloaded(
                "This gateway instance has " + limit + " turns in flight, as many as it takes now; try again shortly.",
                this.limits.retryAfter());
    }

    private <T extends PendingTurn> T register(UUID turnId, Supplier<T> factory) {
        int held = this.inFlight.incrementAndGet();
        int limit = this.admission.limit();
        if (held > limit) {
            this.inFlight.decrementAndGet();
            throw overloaded(limit);
        }
        this.admission.admitted(held);
        T turn = factory.get();
        this.turns.compute(turnId, (id, waiting) -> with(waiting, turn));
        turn.timeout(this.timer.schedule(() -> fail(turnId, turn, Problems.turnTimeout()), this.turnTimeout.toMillis(),
                TimeUnit.MILLISECONDS));
        return turn;
    }

    void on(ReplyDelta delta) {
        for (PendingTurn turn : this.turns.getOrDefault(delta.turnId(), List.of())) {
            if (turn.tenantId().equals(delta.tenantId())) {
                turn.delta(delta);
            }
        }
    }

    void on(TurnCompleted completed) {
        TurnAnswer answer = TurnAnswer.of(completed);
        for (PendingTurn turn : removeAll(completed.turnId(), completed.tenantId())) {
            long elapsed = turn.elapsedNanos();
            this.metrics.record(TurnMetrics.GATEWAY, elapsed);
            // Skein's own part: the client's wait less the generation stage (the LLM)
            long own = Math.max(0, elapsed - completed.generationMillis() * 1_000_000);
            this.metrics.record(TurnMetrics.MEMORY_PATH, own);
            this.admission.ended(own);
            this.metrics.ended("completed");
            turn.complete(answer);
        }
    }

    void on(TurnFailed failed) {
        List<PendingTurn> waiting = removeAll(failed.turnId(), failed.tenantId());
        if (waiting.isEmpty()) {
            return;
        }
        ProblemException problem = problem(failed);
        for (PendingTurn turn : waiting) {
            this.metrics.ended("failed");
            turn.fail(problem);
        }
    }

    /** Ends one waiter, e.g. the one whose request could not be produced. */
    void fail(UUID turnId, PendingTurn turn, ProblemException problem) {
        if (remove(turnId, turn)) {
            boolean timedOut = problem.problem().getStatus() == 504;
            if (timedOut) {
                // the strongest sign of a queue: all of its wait counts
                this.admission.ended(turn.elapsedNanos());
            }
            this.metrics.ended(timedOut ? "timeout" : "unavailable");
            turn.fail(problem);
        }
    }

    /** A streaming client that went away before its turn ended. */
    private void abandoned(UUID turnId, PendingTurn turn) {
        if (remove(turnId, turn)) {
            this.metrics.ended("abandoned");
        }
    }

    boolean isEmpty() {
        return this.turns.isEmpty();
    }

    /** Waiters, not turn ids: a turn sent twice counts twice. */
    int size() {
        return this.inFlight.get();
    }

    /**
     * The failure as the client sees it: a conflict of its own request (an externalId
     * that names another message) is a 409 naming the field; anything else a 503.
     */
    private static ProblemException problem(TurnFailed failed) {
        if (Problems.CONFLICT.equals(failed.problem()) && failed.field() != null) {
            return Problems.conflict(failed.field() + " " + failed.reason(),
                    List.of(new FieldError(failed.field(), failed.reason())));
        }
        return Problems.turnFailed(failed.reason());
    }

    private List<PendingTurn> removeAll(UUID turnId, String tenantId) {
        List<PendingTurn> removed = new ArrayList<>();
        // A turn id is random or derived from the tenant's own ids; the tenant check only
        // guards against a confused producer.
        this.turns.computeIfPresent(turnId, (id, waiting) -> {
            List<PendingTurn> kept = new ArrayList<>();
            for (PendingTurn turn : waiting) {
                (turn.tenantId().equals(tenantId) ? removed : kept).add(turn);
            }
            return kept.isEmpty() ? null : List.copyOf(kept);
        });
        removed.forEach(PendingTurn::cancelTimeout);
        this.inFlight.addAndGet(-removed.size());
        return removed;
    }

    private boolean remove(UUID turnId, PendingTurn turn) {
        boolean[] removed = new boolean[1];
        this.turns.computeIfPresent(turnId, (id, waiting) -> {
            List<PendingTurn> kept = new ArrayList<>(waiting);
            removed[0] = kept.remove(turn);
            return kept.isEmpty() ? null : List.copyOf(kept);
        });
        if (removed[0]) {
            turn.cancelTimeout();
            this.inFlight.decrementAndGet();
        }
        return removed[0];
    }

    private static List<PendingTurn> with(@Nullable List<PendingTurn> waiting, PendingTurn turn) {
        List<PendingTurn> all = waiting == null ? new ArrayList<>() : new ArrayList<>(waiting);
        all.add(turn);
        return List.copyOf(all);
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
