package dev.skein.memory.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.internal.MemoryCorrection;
import dev.skein.contracts.internal.MemoryIds;
import dev.skein.contracts.internal.MemoryItem;
import dev.skein.contracts.internal.MemoryPatch;
import dev.skein.memory.bank.BankMemory;
import dev.skein.memory.bank.MemoryBank;
import dev.skein.memory.outbox.Outbox;
import dev.skein.memory.salience.KeyPhrase;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.salience.SalienceAnnouncer;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.EditClock;
import dev.skein.memory.stream.MemoryStream;
import dev.skein.memory.stream.MessageNotes;
import dev.skein.memory.stream.MessageRules;
import dev.skein.memory.stream.MessageStore;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.tokens.TokenCounter;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Problems;
import dev.skein.platform.web.ValidationException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes, corrects or pins one memory of a conversation. Deleting: A turn's memory is
 * its message: the message goes (so flash memory and the transcript no longer hold it),
 * with its salience and key phrases, and so do the windows, summaries and facts built
 * from it, which would quote it. A window, summary or fact goes alone. Correcting
 * replaces the text and drops what was derived from the old text the same way; pinning
 * holds a turn's salience at or above {@code skein.memory.pinned-salience-floor}.
 */
@Component
public class MemoryEdits {

    private final JdbcClient jdbc;

    private final MemoryStream stream;

    private final MessageStore messages;

    private final MemoryBank bank;

    private final Salience salience;

    private final MessageRules rules;

    private final TokenCounter tokens;

    private final Outbox outbox;

    private final EditClock clock;

    private final SalienceAnnouncer announcer;

    MemoryEdits(JdbcClient jdbc, MemoryStream stream, MessageStore messages, MemoryBank bank, Salience salience,
            MessageRules rules, TokenCounter tokens, Outbox outbox, EditClock clock, SalienceAnnouncer announcer) {
        this.outbox = outbox;
        this.announcer = announcer;
        this.clock = clock;
        this.jdbc = jdbc;
        this.stream = stream;
        this.messages = messages;
        this.bank = bank;
        this.salience = salience;
        this.rules = rules;
        this.tokens = tokens;
    }

    /**
     * @return the ids of every memory removed, for the index, and the message removed
     * with a turn's memory: the index refuses any event still holding it (a window or
     * summary recorded before this transaction and relayed after it)
     */
    @Transactional
    public MemoryIds delete(String tenantId, String conversationId, UUID memoryId) {
        Conversation conversation = locked(tenantId, conversationId);
        List<UUID> removed = new ArrayList<>();
        int messages = this.jdbc.sql("DELETE FROM messages WHERE conversation_uid = :uid AND id = :id")
            .param("uid", conversation.uid())
            .param("id", memoryId)
            .update();
        if (messages == 1) {
            removed.add(memoryId);
            this.jdbc.sql("DELETE FROM memory_salience WHERE conversation_uid = :uid AND memory_id = :id")
                .param("uid", conversation.uid())
                .param("id", memoryId)
                .update();
            salienceChanged(conversation);
            this.jdbc.sql("DELETE FROM memory_key_phrases WHERE conversation_uid = :uid AND memory_id = :id")
                .param("uid", conversation.uid())
                .param("id", memoryId)
                .update();
            removed.addAll(this.jdbc
                .sql("DELETE FROM memories WHERE conversation_uid = :uid AND :id = ANY(message_ids) RETURNING id")
                .param("uid", conversation.uid())
                .param("id", memoryId)
                .query(UUID.class)
                .list());
            return new MemoryIds(removed, conversation.uid(), List.of(memoryId));
        }
        removed.addAll(this.jdbc.sql("DELETE FROM memories WHERE conversation_uid = :uid AND id = :id RETURNING id")
            .param("uid", conversation.uid())
            .param("id", memoryId)
            .query(UUID.class)
            .list());
        if (removed.isEmpty()) {
            throw Problems.notFound("The conversation has no such memory.");
        }
        return new MemoryIds(removed);
    }

    /**
     * Corrects a memory's text and/or pins it. A corrected turn's windows, summaries and
     * facts are deleted (they quote the old text; {@code dropped} names them for the
     * index) and its key phrases are those of the new text; {@code reindex} is the memory
     * for the index to re-embed. The same memory also goes through the outbox: on the
     * conversation's partition it follows any event of the old text not relayed yet, so
     * the index ends with the corrected text even when that event arrives after the
     * gateway's synchronous re-index.
     */
    @Transactional
    public MemoryCorrection correct(String tenantId, String conversationId, UUID memoryId, MemoryPatch patch) {
        MemoryCorrection correction = apply(tenantId, conversationId, memoryId, patch);
        if (correction.reindex() != null) {
            String correlationId = Correlation.current();
            this.outbox.add(correction.reindex(), correlationId != null ? correlationId : UUID.randomUUID().toString());
        }
        return correction;
    }

    private MemoryCorrection apply(String tenantId, String conversationId, UUID memoryId, MemoryPatch patch) {
        if (patch == null || (patch.content() == null && patch.pinned() == null)) {
            throw new ValidationException(List
                .of(new FieldError("content", "or pinned is required: send the corrected text, a pin, or both")));
        }
        if (patch.content() != null) {
            List<FieldError> violations = this.rules.checkContent(patch.content(), "content");
            if (!violations.isEmpty()) {
                throw new ValidationException(violations);
            }
        }
        Conversation conversation = locked(tenantId, conversationId);
        StoredMessage message = this.messages.find(conversation.uid(), memoryId).orElse(null);
        if (message != null) {
            return correctTurn(conversation, message, patch);
        }
        BankMemory memory = this.bank.find(conversation.uid(), memoryId)
            .orElseThrow(() -> Problems.notFound("The conversation has no such memory."));
        if (patch.pinned() != null) {
            throw new ValidationException(List
                .of(new FieldError("pinned", "only a turn's memory can be pinned; this one is a " + memory.kind())));
        }
        MemoryRecorded reindex = null;
        if (!patch.content().equals(memory.text())) {
            this.jdbc.sql(
                    "UPDATE memories SET text = :text, token_count = :tokens WHERE conversation_uid = :uid AND id = :id")
                .param("text", patch.content())
                .param("tokens", this.tokens.count(patch.content()))
                .param("uid", conversation.uid())
                .param("id", memoryId)
                .update();
            memory = this.bank.find(conversation.uid(), memoryId).orElseThrow();
            reindex = MemoryBank.recorded(conversation, memory, this.clock.current(conversation.uid()));
        }
        return new MemoryCorrection(new MemoryItem(memory.id(), memory.kind(), memory.text(), memory.firstSequence(),
                memory.lastSequence(), memory.messageIds(), false, null, null, memory.createdAt()), List.of(), reindex);
    }

    private MemoryCorrection correctTurn(Conversation conversation, StoredMessage message, MemoryPatch patch) {
        List<UUID> dropped = List.of();
        MemoryRecorded reindex = null;
        StoredMessage current = message;
        if (patch.content() != null && !patch.content().equals(message.content())) {
            this.jdbc
                .sql("UPDATE messages SET content = :content, token_count = :tokens, condensed = NULL, "
                        + "condensed_for = NULL WHERE conversation_uid = :uid AND id = :id")
                .param("content", patch.content())
                .param("tokens", this.tokens.count(patch.content()))
                .param("uid", conversation.uid())
                .param("id", message.id())
                .update();
            // the row as updated (a JPA read here would answer the entity loaded above)
            current = new StoredMessage(message.id(), message.conversationUid(), message.sequence(), message.role(),
                    message.speaker(), patch.content(), message.externalId(), message.createdAt(), message.storedAt(),
                    this.tokens.count(patch.content()), message.metadata());
            dropped = this.jdbc
                .sql("DELETE FROM memories WHERE conversation_uid = :uid AND :id = ANY(message_ids) RETURNING id")
                .param("uid", conversation.uid())
                .param("id", message.id())
                .query(UUID.class)
                .list();
            List<KeyPhrase> phrases = this.salience.corrected(conversation, current);
            MessageNotes notes = new MessageNotes(phrases.stream().map(KeyPhrase::phrase).toList(),
                    this.salience.supersededBy(conversation.uid(), message.id()));
            // the text's revision: the index refuses, from now on, a window or summary
            // holding
            // this turn that was built at an older clock (still in the outbox, or being
            // embedded), and the turn's own older events
            reindex = MemoryStream.recorded(conversation, current, notes)
                .withRevision(this.clock.advance(conversation.uid()));
        }
        if (patch.pinned() != null) {
            this.salience.pin(conversation.uid(), message.id(), message.sequence(), patch.pinned());
            salienceChanged(conversation);
        }
        Salience.Scored scored = this.salience.scored(conversation.uid(), message.id()).orElse(null);
        return new MemoryCorrection(new MemoryItem(current.id(), "turn", current.content(), current.sequence(),
                current.sequence(), List.of(current.id()), scored != null && scored.row().pinned(),
                scored == null ? null : scored.salience(), scored == null ? null : scored.row().reason(),
                current.createdAt()), dropped, reindex);
    }

    /**
     * A pin or a deleted turn changes the salient memories without moving the stream's
     * head: the edit clock's next number orders the index's copy of them.
     */
    private void salienceChanged(Conversation conversation) {
        this.clock.advance(conversation.uid());
        String correlationId = Correlation.current();
        this.announcer.changed(conversation.tenantId(), conversation.conversationId(), conversation.uid(),
                correlationId != null ? correlationId : UUID.randomUUID().toString());
    }

    /**
     * The conversation, its row locked: orders an edit with a turn that builds a window
     * now.
     */
    private Conversation locked(String tenantId, String conversationId) {
        Conversation conversation = this.stream.existing(tenantId, conversationId);
        this.jdbc.sql("SELECT uid FROM conversations WHERE uid = :uid FOR UPDATE")
            .param("uid", conversation.uid())
            .query(UUID.class)
            .single();
        return conversation;
    }

}
