package dev.skein.memory.inbox;

import java.time.Instant;
import java.util.UUID;

import dev.skein.memory.MemoryProperties;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Consumed event ids, so a redelivered event changes nothing. */
@Component
public class ProcessedEvents {

    private final ProcessedEventRepository events;

    private final JdbcTemplate jdbc;

    private final MemoryProperties properties;

    ProcessedEvents(ProcessedEventRepository events, JdbcTemplate jdbc, MemoryProperties properties) {
        this.events = events;
        this.jdbc = jdbc;
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
        return this.jdbc.update("INSERT INTO processed_events (event_id) VALUES (?) ON CONFLICT DO NOTHING",
                eventId) == 1;
    }

    /** Event ids only need remembering as long as Kafka could redeliver the event. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    @Transactional
    void forgetOld() {
        this.events.forgetBefore(Instant.now().minus(this.properties.processedEventRetention()));
    }

}
