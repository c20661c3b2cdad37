package dev.skein.memory.inbox;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ProcessedEventRepository extends JpaRepository<ProcessedEvent, UUID> {

    /**
     * Native, because a redelivered event must be a no-op, not a failed transaction: a
     * concurrent redelivery blocks on the key until the first transaction ends, then sees
     * the conflict (1 when recorded now, 0 when known).
     */
    @Modifying
    @Query(value = "INSERT INTO memory.processed_events (event_id) VALUES (:id) ON CONFLICT DO NOTHING",
            nativeQuery = true)
    int recordIfNew(@Param("id") UUID eventId);

    /** One statement for all of them (a derived delete would load and remove each). */
    @Modifying
    @Query("delete from ProcessedEvent p where p.processedAt < :cutoff")
    int forgetBefore(@Param("cutoff") Instant cutoff);

}
