package dev.skein.memory.turn;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.Roles;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnFailed;
import dev.skein.memory.inbox.ProcessedEvents;
import dev.skein.memory.outbox.Outbox;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.stream.Appended;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.ConversationStore;
import dev.skein.memory.stream.MemoryStream;
import dev.skein.memory.stream.MessageStore;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.memory.stream.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a generated reply as the assistant message and only then completes the turn, so
 * a reply a client has seen is always in the transcript.
 */
@Service
public class ReplyHandler {

    private static final Logger log = LoggerFactory.getLogger(ReplyHandler.class);

    private final ProcessedEvents processed;

    private final ConversationStore conversations;

    private final MessageStore messages;

    private final MemoryStream stream;

    private final Outbox outbox;

    private final Salience salience;

    ReplyHandler(ProcessedEvents processed, ConversationStore conversations, MessageStore messages, MemoryStream stream,
            Outbox outbox, Salience salience) {
        this.salience = salience;
        this.processed = processed;
        this.conversations = conversations;
        this.messages = messages;
        this.stream = stream;
        this.outbox = outbox;
    }

    @Transactional
    public void on(ReplyGenerated reply, String correlationId) {
        if (!this.processed.firstTime(reply.eventId())) {
            log.debug("ReplyGenerated {} was handled before", reply.eventId());
            return;
        }
        Optional<Conversation> locked = this.conversations.lock(reply.tenantId(), reply.conversationId());
        if (locked.isEmpty()) {
            // deleted while the reply was generated: storing it would resurrect the
            // conversation
            fail(reply, "conversation was deleted", correlationId);
            return;
        }
        if (reply.turnId() == null || reply.content() == null || reply.content().isBlank()) {
            fail(reply, "the reply was empty", correlationId);
            return;
        }
        Conversation conversation = locked.get();
        // derived from the turn: a second reply to the same turn (a redelivered request
        // that was
        // generated twice) maps to the same id and is dropped
        UUID messageId = UUID.nameUUIDFromBytes(("reply:" + reply.turnId()).getBytes(StandardCharsets.UTF_8));
        String speaker = this.messages.lastSpeaker(conversation.uid(), Roles.ASSISTANT).orElse(Roles.ASSISTANT);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("turnId", reply.turnId().toString());
        if (reply.generatedBy() != null) {
            metadata.put("generatedBy", reply.generatedBy());
        }
        MessageInput input = new MessageInput(Roles.ASSISTANT, reply.content(), speaker, null, reply.occurredAt(),
                metadata);
        Appended appended = this.stream.append(conversation, input, messageId, reply.occurredAt(), correlationId);
        StoredMessage message = appended.message();
        if (appended.duplicate()) {
            log.info("Turn {} already has its reply (message {}); answering with the stored one", reply.turnId(),
                    message.id());
        }
        else {
            if (reply.logprobs() != null && !reply.logprobs().isEmpty()) {
                this.salience.weighByLogprobs(conversation.uid(), message, reply.logprobs());
            }
            // SirLLM: what was recalled for this reply is reinforced (a window or summary
            // by its id,
            // the turns it covers by theirs)
            java.util.Set<UUID> recalled = new java.util.LinkedHashSet<>();
            for (Evidence evidence : reply.evidence() == null ? java.util.List.<Evidence>of() : reply.evidence()) {
                recalled.add(evidence.memoryId());
                if (evidence.messageIds() != null) {
                    recalled.addAll(evidence.messageIds());
                }
            }
            recalled.remove(null);
            this.salience.recalled(conversation.uid(), recalled);
        }
        this.outbox.add(new TurnCompleted(UUID.randomUUID(), Times.now(), reply.tenantId(), reply.conversationId(),
                reply.turnId(), message.id(), message.sequence(), message.content(), reply.generatedBy(),
                reply.evidence(), reply.usage()), correlationId);
    }

    private void fail(ReplyGenerated reply, String reason, String correlationId) {
        log.warn("Turn {} failed: {}", reply.turnId(), reason);
        this.outbox.add(new TurnFailed(UUID.randomUUID(), Times.now(), reply.tenantId(), reply.conversationId(),
                reply.turnId(), "memory", reason), correlationId);
    }

}
