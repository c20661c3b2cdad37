package dev.skein.memory.messaging;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.skein.contracts.MemorySuperseded;
import dev.skein.contracts.Topics;
import dev.skein.memory.salience.UpdatesFoundByMeaning;
import dev.skein.platform.kafka.ListenerConcurrency;

/**
 * Knowledge updates the retrieval-service found by meaning, marked here so the memory
 * view and a user's durable facts show them. Failures go to the platform's error policy
 * (retry, then the dead-letter topic); the mark is idempotent.
 */
@Component
class UpdateListener {

    private final UpdatesFoundByMeaning updates;

    UpdateListener(UpdatesFoundByMeaning updates) {
        this.updates = updates;
    }

    @KafkaListener(id = "memory-memory-superseded", topics = Topics.MEMORY_SUPERSEDED,
            concurrency = ListenerConcurrency.ONE)
    void on(MemorySuperseded event) {
        this.updates.on(event);
    }

}
