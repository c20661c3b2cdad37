package dev.skein.platform.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The time of each stage of a chat turn, as one histogram ({@value #METRIC}) with a
 * {@code stage} tag, so one query compares them: the gateway's end-to-end wait and the
 * work of each service between its Kafka hops. The buckets are service-level objectives
 * (5 ms to 60 s, the turn timeout), identical in every service, so that the quantiles of
 * different stages are comparable and aggregate over instances.
 */
public class TurnStages {

    public static final String METRIC = "skein.turn.stage";

    /**
     * The gateway: the turn's request produced → its completion (or failure) received.
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

    static final Duration[] SLO = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60) };

    private final MeterRegistry registry;

    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public TurnStages(MeterRegistry registry) {
        this.registry = registry;
    }

    public Timer timer(String stage) {
        return this.timers.computeIfAbsent(stage,
                name -> Timer.builder(METRIC)
                    .description("Time of one stage of a chat turn")
                    .tag("stage", name)
                    .serviceLevelObjectives(SLO)
                    .minimumExpectedValue(SLO[0])
                    .maximumExpectedValue(SLO[SLO.length - 1])
                    .register(this.registry));
    }

    public void record(String stage, long nanos) {
        timer(stage).record(Duration.ofNanos(nanos));
    }

    public void time(String stage, Runnable work) {
        timer(stage).record(work);
    }

    public <T> T time(String stage, Supplier<T> work) {
        return timer(stage).record(work);
    }

}
