package dev.skein.platform.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of a chat turn, with the same names and buckets in every service, so that
 * one query compares the services and aggregates over instances. No tenant or
 * conversation is ever a tag.
 * <ul>
 * <li>{@value #STAGE}: the time of each stage ({@code stage} tag), the gateway's
 * end-to-end wait and the work of each service between its Kafka hops; the buckets are
 * service-level objectives from 5 ms to 60 s (the turn timeout);</li>
 * <li>{@value #TURNS}: turns ended at the gateway, by {@code outcome};</li>
 * <li>{@value #TOKENS}: tokens of a turn, by {@code kind} (context, history, prompt,
 * completion).</li>
 * </ul>
 */
public class TurnMetrics {

    public static final String STAGE = "skein.turn.stage";

    public static final String TURNS = "skein.turns";

    public static final String TOKENS = "skein.turn.tokens";

    /**
     * The gateway: the turn's request produced → its completion received (completed turns
     * only; failures and timeouts are counted by {@value #TURNS}).
     */
    public static final String GATEWAY = "gateway";

    /**
     * The memory-service: the user message appended, flash memory and recall planned,
     * committed.
     */
    public static final String MEMORY_PLAN = "memory.append-plan";

    /**
     * The retrieval-service: the hybrid search of older memories and the evidence budget.
     */
    public static final String RETRIEVAL_RECALL = "retrieval.recall";

    /**
     * The generation-service: prompt, LLM (or extractive responder) and the reply's
     * pieces.
     */
    public static final String GENERATION = "generation";

    /** The memory-service: the reply stored as the assistant message, committed. */
    public static final String MEMORY_REPLY = "memory.reply-store";

    /**
     * The gateway: Skein's own part of a completed turn, the client's wait less the
     * generation stage (every hop, stage and queue; not the LLM). What the gateway's
     * admission adapts to.
     */
    public static final String MEMORY_PATH = "memory-path";

    static final Duration[] SLO = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60) };

    static final double[] TOKEN_BUCKETS = { 100, 250, 500, 1000, 1500, 2000, 2500, 3000, 3500, 5000, 10_000, 50_000,
            100_000, 1_000_000 };

    private final MeterRegistry registry;

    private final Map<String, Timer> stages = new ConcurrentHashMap<>();

    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    private final Map<String, DistributionSummary> tokens = new ConcurrentHashMap<>();

    public TurnMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public Timer stage(String stage) {
        return this.stages.computeIfAbsent(stage,
                name -> Timer.builder(STAGE)
                    .description("Time of one stage of a chat turn")
                    .tag("stage", name)
                    .serviceLevelObjectives(SLO)
                    .minimumExpectedValue(SLO[0])
                    .maximumExpectedValue(SLO[SLO.length - 1])
                    .register(this.registry));
    }

    public void record(String stage, long nanos) {
        stage(stage).record(Duration.ofNanos(nanos));
    }

    public void time(String stage, Runnable work) {
        stage(stage).record(work);
    }

    public <T> T time(String stage, Supplier<T> work) {
        return stage(stage).record(work);
    }

    /**
     * A turn ended at the gateway: completed, failed, timeout, unavailable, abandoned or
     * overloaded (refused at the in-flight bound).
     */
    public void ended(String outcome) {
        this.outcomes
            .computeIfAbsent(outcome,
                    name -> Counter.builder(TURNS)
                        .description("Chat turns ended, by outcome")
                        .tag("outcome", name)
                        .register(this.registry))
            .increment();
    }

    /** Tokens of one turn: context, history, prompt or completion. */
    public void tokens(String kind, long count) {
        this.tokens
            .computeIfAbsent(kind,
                    name -> DistributionSummary.builder(TOKENS)
                        .description("Tokens of one chat turn, by kind")
                        .baseUnit("tokens")
                        .tag("kind", name)
                        .serviceLevelObjectives(TOKEN_BUCKETS)
                        .register(this.registry))
            .record(count);
    }

}
