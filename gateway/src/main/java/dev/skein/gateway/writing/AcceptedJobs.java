package dev.skein.gateway.writing;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Jobs this gateway accepted lately. The generation-service knows a job only once it has
 * consumed the request from Kafka, so until then the 202's links would answer 404: for a
 * job remembered here they answer {@code {status: "accepted"}} instead. In memory, per
 * instance, bounded in size and time: after a restart (or on another instance) such a job
 * answers 404 until it is consumed.
 */
@Component
class AcceptedJobs {

    record Accepted(String tenantId, String conversationId, UUID jobId, int targetWords, Instant at) {
    }

    private record Key(String tenantId, String conversationId, UUID jobId) {
    }

    private final WritingProperties properties;

    private final Clock clock;

    /**
     * Insertion order: the eldest entry is the first to expire and the first to go when
     * full.
     */
    private final LinkedHashMap<Key, Accepted> accepted = new LinkedHashMap<>();

    @Autowired
    AcceptedJobs(WritingProperties properties) {
        this(properties, Clock.systemUTC());
    }

    AcceptedJobs(WritingProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    synchronized void remember(String tenantId, String conversationId, UUID jobId, int targetWords) {
        expire();
        this.accepted.put(new Key(tenantId, conversationId, jobId),
                new Accepted(tenantId, conversationId, jobId, targetWords, this.clock.instant()));
        while (this.accepted.size() > this.properties.acceptedCapacity()) {
            Iterator<Map.Entry<Key, Accepted>> eldest = this.accepted.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /**
     * The job if this tenant's conversation had it accepted here within the memory's
     * time.
     */
    synchronized Optional<Accepted> find(String tenantId, String conversationId, UUID jobId) {
        expire();
        return Optional.ofNullable(this.accepted.get(new Key(tenantId, conversationId, jobId)));
    }

    private void expire() {
        Instant oldest = this.clock.instant().minus(this.properties.acceptedMemory());
        Iterator<Accepted> entries = this.accepted.values().iterator();
        while (entries.hasNext() && entries.next().at().isBefore(oldest)) {
            entries.remove();
        }
    }

}
