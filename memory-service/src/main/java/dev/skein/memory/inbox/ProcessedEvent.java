package dev.skein.memory.inbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/**
 * A consumed event's id and when it was consumed; written once, forgotten after a while.
 */
@Entity
@Immutable
@Table(name = "processed_events", schema = "memory")
class ProcessedEvent {

    @Id
    @Column(name = "event_id")
    private UUID eventId;

    @Column(name = "processed_at", insertable = false, updatable = false)
    private Instant processedAt;

    protected ProcessedEvent() {
    }

    UUID eventId() {
        return this.eventId;
    }

    Instant processedAt() {
        return this.processedAt;
    }

}
