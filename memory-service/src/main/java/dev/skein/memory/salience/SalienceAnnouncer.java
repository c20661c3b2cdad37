package dev.skein.memory.salience;

import java.util.List;
import java.util.UUID;

import dev.skein.contracts.SalienceChanged;
import dev.skein.contracts.SalientMemory;
import dev.skein.memory.outbox.Outbox;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.Times;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells the index a conversation's most salient memories after every change to them (a
 * reply, with its turn's changes; an import, a pin, a deletion), in the transaction that
 * made it: a search then ranks with them without calling this service, which was its path
 * (docs/perf/turn-path-profile.md, sixteenth round). The caller holds the conversation's
 * row lock, so the clocks read with the list are the change's own.
 */
@Component
public class SalienceAnnouncer {

    private final Salience salience;

    private final Outbox outbox;

    SalienceAnnouncer(Salience salience, Outbox outbox) {
        this.salience = salience;
        this.outbox = outbox;
    }

    /** Reads the list and the clocks in one statement, and announces them. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void changed(String tenantId, String conversationId, UUID conversationUid, String correlationId) {
        this.salience.now(tenantId, conversationId)
            .ifPresent(now -> announce(tenantId, conversationId, conversationUid, now.sequence(), now.edits(),
                    now.salient(), correlationId));
    }

    /**
     * Announces a list the caller read itself (a reply reads it with the rows it
     * reinforces).
     * @param conversation as the change left it: its head
     * @param edits its edit clock
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void changed(Conversation conversation, long edits, List<SalientMemory> now, String correlationId) {
        announce(conversation.tenantId(), conversation.conversationId(), conversation.uid(),
                conversation.lastSequence(), edits, now, correlationId);
    }

    private void announce(String tenantId, String conversationId, UUID conversationUid, long sequence, long edits,
            List<SalientMemory> salient, String correlationId) {
        this.outbox.add(new SalienceChanged(UUID.randomUUID(), Times.now(), tenantId, conversationId, conversationUid,
                sequence, edits, salient), correlationId);
    }

}
