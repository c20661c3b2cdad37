package dev.skein.memory.turn;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.Roles;
import dev.skein.contracts.SalientMemory;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.Usage;
import dev.skein.memory.inbox.ProcessedEvents;
import dev.skein.memory.outbox.Outbox;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.salience.SalienceAnnouncer;
import dev.skein.memory.stream.Appended;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.ConversationStore;
import dev.skein.memory.stream.EditClock;
import dev.skein.memory.stream.MemoryStream;
import dev.skein.memory.stream.MessageStore;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.memory.stream.Times;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a generated reply as the assistant message and only then completes the turn, so
 * a reply a client has seen is always in the transcript. The turn's outcome is kept with
 * it ({@link TurnOutcomes}): a second reply to the same turn, and the turn sent again,
 * are answered with the first reply and its evidence.
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

    private final SalienceAnnouncer announcer;

    private final EditClock editClock;

    private final TurnOutcomes outcomes;

    ReplyHandler(ProcessedEvents processed, ConversationStore conversations, MessageStore messages, MemoryStream stream,
            Outbox outbox, Salience salience, TurnOutcomes outcomes, SalienceAnnouncer announcer, EditClock editClock) {
        this.salience = salience;
        this.announcer = announcer;
        this.editClock = editClock;
        this.outcomes = outcomes;
        this.processed = processed;
        this.conversations = conversations;
        this.messages = messages;
        this.stream = stream;
        this.outbox = outbox;
    }

    @Transactional
    public void on(ReplyGenerated reply, String correlationId) {
        // recorded with the conversation's lock, in one round trip
        BooleanSupplier firstTime = this.processed.record(reply.eventId());
        Optional<Conversation> locked = this.conversations.lock(reply.tenantId(), reply.conversationId());
        if (!firstTime.getAsBoolean()) {
            log.debug("ReplyGenerated {} was handled before", reply.eventId());
            return;
        }
        if (locked.isEmpty()) {
            // deleted while the reply was generated: storing it would resurrect the
            // conversation
            fail(reply, "conversation was deleted", correlationId);
            return;
        }
        if (reply.turnId() == null || reply.content() == null || reply.content().isBlank()) {
            fail(reply, "the reply was empty", correlationId);
            if (reply.turnId() != null) {
                this.outcomes.failed(reply.turnId(), Times.now());
            }
            return;
        }
        Conversation conversation = locked.get();
        UUID messageId = replyId(reply.turnId());
        String speaker = this.messages.lastSpeaker(conversation.uid(), Roles.ASSISTANT).orElse(Roles.ASSISTANT);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("turnId", reply.turnId().toString());
        if (reply.generatedBy() != null) {
            metadata.put("generatedBy", reply.generatedBy());
        }
        MessageInput input = new MessageInput(Roles.ASSISTANT, reply.content(), speaker, null, reply.occurredAt(),
                metadata);
        Appended appended = this.stream.append(conversation, input, messageId, reply.occurredAt(), null, correlationId);
        StoredMessage message = appended.message();
        if (appended.duplicate()) {
            Optional<TurnOutcome> first = this.outcomes.find(reply.turnId())
                .filter(outcome -> outcome.state() == TurnOutcome.State.COMPLETED
                        && message.id().equals(outcome.replyId()));
            log.info("Turn {} already has its reply (message {}); answering with the stored one", reply.turnId(),
                    message.id());
            // the evidence and usage of the reply that was stored, not of this one
            complete(reply, message, first.map(TurnOutcome::generatedBy).orElse(reply.generatedBy()),
                    first.map(TurnOutcome::evidence).orElse(reply.evidence()),
                    first.isPresent() ? first.get().usage() : reply.usage(), correlationId);
            return;
        }
        // the turn clock as the append returned it
        long turn = appended.conversation().userTurns();
        if (reply.logprobs() != null && !reply.logprobs().isEmpty()) {
            this.salience.weighByLogprobs(conversation.uid(), message, reply.logprobs(), turn);
        }
        // SirLLM: what was recalled for this reply is reinforced (a window or summary by
        // its id, the turns it covers by theirs)
        java.util.Set<UUID> recalled = new java.util.LinkedHashSet<>();
        List<Evidence> evidence = reply.evidence() == null ? List.of() : reply.evidence();
        for (Evidence item : evidence) {
            recalled.add(item.memoryId());
            if (item.messageIds() != null) {
                recalled.addAll(item.messageIds());
            }
        }
        recalled.remove(null);
        List<SalientMemory> salientNow = this.salience.recalled(conversation.uid(), recalled, turn);
        this.outcomes.completed(reply.turnId(), conversation.uid(), TurnHandler.messageId(reply.turnId()), message.id(),
                reply.generatedBy(), evidence, reply.usage());
        complete(reply, message, reply.generatedBy(), evidence, reply.usage(), correlationId);
        // the reply's own salience and the reinforcement, for the index: after the
        // completion, which the relay then sends first
        this.announcer.changed(appended.conversation(), this.editClock.current(appended.conversation()), salientNow,
                correlationId);
    }

    private void complete(ReplyGenerated reply, StoredMessage message, @Nullable String generatedBy,
            @Nullable List<Evidence> evidence, @Nullable Usage usage, String correlationId) {
        this.outbox.add(new TurnCompleted(UUID.randomUUID(), Times.now(), reply.tenantId(), reply.conversationId(),
                reply.turnId(), message.id(), message.sequence(), message.content(), generatedBy, evidence, usage,
                reply.generationMillis()), correlationId);
    }

    /**
     * The assistant message of a turn: derived from the turn id, so a second reply to the
     * same turn (a redelivered request that was generated twice) maps to the same id and
     * is dropped.
     */
    static UUID replyId(UUID turnId) {
        return UUID.nameUUIDFromBytes(("reply:" + turnId).getBytes(StandardCharsets.UTF_8));
    }

    private void fail(ReplyGenerated reply, String reason, String correlationId) {
        log.warn("Turn {} failed: {}", reply.turnId(), reason);
        this.outbox.add(new TurnFailed(UUID.randomUUID(), Times.now(), reply.tenantId(), reply.conversationId(),
                reply.turnId(), "memory", reason), correlationId);
    }

}
