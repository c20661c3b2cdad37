package dev.skein.memory.bank;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.memory.salience.KeyPhrase;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.salience.SalienceAnnouncer;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.MessageNotes;
import dev.skein.memory.stream.Preceding;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.memory.stream.StreamListener;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Keeps salience and the memory bank in step with the stream: salience first, summaries
 * rank by its model.
 */
@Component
class Archivist implements StreamListener {

    private final Salience salience;

    private final MemoryBank bank;

    private final SalienceAnnouncer announcer;

    Archivist(Salience salience, MemoryBank bank, SalienceAnnouncer announcer) {
        this.salience = salience;
        this.bank = bank;
        this.announcer = announcer;
    }

    @Override
    public Map<UUID, MessageNotes> noted(Conversation conversation, List<StoredMessage> fresh) {
        Map<UUID, MessageNotes> notes = new HashMap<>();
        for (Salience.Noted noted : this.salience.appended(conversation, fresh)) {
            List<String> phrases = noted.phrases().stream().map(KeyPhrase::phrase).toList();
            notes.put(noted.message().id(), new MessageNotes(phrases, noted.supersedes(), noted.turn()));
        }
        return notes;
    }

    @Override
    public void appended(Conversation conversation, List<StoredMessage> fresh, @Nullable Preceding preceding,
            String correlationId) {
        this.bank.appended(conversation, fresh, preceding, correlationId);
    }

    @Override
    public void imported(Conversation conversation, String correlationId) {
        // a chat turn's changes are announced with its reply, which reads the list with
        // what it reinforces (ReplyHandler)
        this.announcer.changed(conversation.tenantId(), conversation.conversationId(), conversation.uid(),
                correlationId);
    }

    @Override
    public void erasing(String tenantId, UUID conversationUid) {
        // the conversation's rows go by cascade; its words must leave the tenant's model
        // explicitly
        this.salience.forget(tenantId, conversationUid);
    }

}
