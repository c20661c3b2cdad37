package dev.skein.memory.inbox;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ProcessedEventRepository extends JpaRepository<ProcessedEvent, UUID> {

    /** One statement for all of them (a derived delete would load and remove each). */
    @Modifying
    @Query("delete from ProcessedEvent p where p.processedAt < :cutoff")
    int forgetBefore(@Param("cutoff") Instant cutoff);

}
