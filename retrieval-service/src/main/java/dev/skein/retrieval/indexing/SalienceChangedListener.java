package dev.skein.retrieval.indexing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.skein.contracts.SalienceChanged;
import dev.skein.contracts.Topics;

/**
 * Keeps the salient memories the memory-service announces. Failures go to the platform's
 * error policy (retry, then the dead-letter topic); keeping is idempotent.
 */
@Component
class SalienceChangedListener {

    private static final Logger log = LoggerFactory.getLogger(SalienceChangedListener.class);

    private final AnnouncedSalience salience;

    SalienceChangedListener(AnnouncedSalience salience) {
        this.salience = salience;
    }

    @KafkaListener(topics = Topics.SALIENCE_CHANGED)
    void on(SalienceChanged event) {
        if (event.tenantId() == null || event.conversationId() == null || event.conversationUid() == null) {
            log.error("Skipped {} {} without tenant, conversation or incarnation",
                    SalienceChanged.class.getSimpleName(), event.eventId());
            return;
        }
        if (!this.salience.keep(event)) {
            log.debug("Conversation {}: salience at {}/{} is older than the one kept, or the conversation is erased",
                    event.conversationUid(), event.sequence(), event.edits());
        }
    }

}
