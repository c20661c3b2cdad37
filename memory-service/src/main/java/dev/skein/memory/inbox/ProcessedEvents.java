package dev.skein.memory.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import dev.skein.memory.MemoryProperties;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Consumed event ids, so a redelivered event changes nothing. */
@Component
public class ProcessedEvents {

    private final JdbcTemplate jdbc;

    private final MemoryProperties properties;

    ProcessedEvents(JdbcTemplate jdbc, MemoryProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Records the event id in the caller's transaction; false if it was processed before.
     * A concurrent redelivery blocks on the unique key until the first transaction ends,
     * then sees the conflict.
     */
    public boolean firstTime(UUID eventId) {
        return this.jdbc.update("INSERT INTO processed_events (event_id) VALUES (?) ON CONFLICT DO NOTHING",
                eventId) == 1;
    }

    /** Event ids only need remembering as long as Kafka could redeliver the event. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void forgetOld() {
        Instant cutoff = Instant.now().minus(this.properties.processedEventRetention());
        this.jdbc.update("DELETE FROM processed_events WHERE processed_at < ?", Timestamp.from(cutoff));
    }

}
