package dev.skein.memory.inbox;

import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.skein.memory.MemoryProperties;
import dev.skein.memory.jdbc.PendingWrites;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Consumed event ids, so a redelivered event changes nothing. */
@Component
public class ProcessedEvents {

    private final ProcessedEventRepository events;

    private final PendingWrites pending;

    private final MemoryProperties properties;

    ProcessedEvents(ProcessedEventRepository events, PendingWrites pending, MemoryProperties properties) {
        this.events = events;
        this.pending = pending;
        this.properties = properties;
    }

    /**
     * Records the event id in the caller's transaction; false if it was processed before.
     * A concurrent redelivery blocks on the unique key until the first transaction ends,
     * then sees the conflict. Plain SQL (not the repository's native query): the first
     * statement of every consumed event, and Spring Data's query machinery cost more CPU
     * than the statement (docs/perf/turn-path-profile.md).
     */
    public boolean firstTime(UUID eventId) {
        return record(eventId).getAsBoolean();
    }

    /**
     * As {@link #firstTime}, but the id goes with the transaction's next statement
     * ({@link PendingWrites}): the turn path's handlers lock their conversation in the
     * same round trip, then ask whether this was the first time before they change
     * anything.
     * @return whether it was the first time; asked before the next statement, the id is
     * recorded then
     */
    public BooleanSupplier record(UUID eventId) {
        PendingWrites.Write write = this.pending
            .add("INSERT INTO processed_events (event_id) VALUES (?) ON CONFLICT DO NOTHING", eventId);
        return () -> write.rows() == 1;
    }

    /** Event ids only need remembering as long as Kafka could redeliver the event. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    @Transactional
    void forgetOld() {
        this.events.forgetBefore(Instant.now().minus(this.properties.processedEventRetention()));
    }

}
