package dev.skein.memory.turn;

import dev.skein.platform.web.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.SalientMemory;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.TurnRequested;
import dev.skein.contracts.Usage;
import dev.skein.memory.MemoryProperties;
import dev.skein.memory.inbox.ProcessedEvents;
import dev.skein.memory.outbox.Outbox;
import dev.skein.memory.recall.FlashEntry;
import dev.skein.memory.recall.RecallPlanner;
import dev.skein.memory.recall.TurnPlan;
import dev.skein.memory.salience.KeyPhrase;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.stream.Appended;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.ConversationStore;
import dev.skein.memory.stream.MemoryStream;
import dev.skein.memory.stream.MessageNotes;
import dev.skein.memory.stream.MessageRules;
import dev.skein.memory.stream.MessageStore;
import dev.skein.memory.stream.Preceding;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.memory.stream.Times;
import dev.skein.memory.user.UserDirectory;
import dev.skein.platform.web.Problems;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The memory-service's part of a turn: store the user message, plan flash memory and
 * recall, and hand the turn on to retrieval. One transaction, so a redelivered event is
 * either fully done (its id is in processed_events) or not at all.
 *
 * <p>
 * A turn sent again (the client retried with the same externalId or Idempotency-Key, so
 * the gateway sent the same turn id) stores and generates nothing: it is answered with
 * the first one's outcome, or waits for it while it is under way. Only a turn that failed
 * or was lost runs again, for the message already stored.
 */
@Service
public class TurnHandler {

    private static final Logger log = LoggerFactory.getLogger(TurnHandler.class);

    private final ProcessedEvents processed;

    private final ConversationStore conversations;

    private final MessageStore messages;

    private final MemoryStream stream;

    private final MessageRules rules;

    private final RecallPlanner planner;

    private final Outbox outbox;

    private final Salience salience;

    private final TurnOutcomes outcomes;

    private final Duration inFlight;

    private final UserDirectory users;

    /**
     * Other conversations of the user a turn's recall reaches; 0 when user recall is off.
     */
    private final int userRecallConversations;

    TurnHandler(ProcessedEvents processed, ConversationStore conversations, MessageStore messages, MemoryStream stream,
            MessageRules rules, RecallPlanner planner, Outbox outbox, Salience salience, TurnOutcomes outcomes,
            MemoryProperties properties, UserDirectory users) {
        this.users = users;
        this.userRecallConversations = properties.userRecall() ? properties.userRecallConversations() : 0;
        this.salience = salience;
        this.outcomes = outcomes;
        this.inFlight = properties.turnInFlight();
        this.processed = processed;
        this.conversations = conversations;
        this.messages = messages;
        this.stream = stream;
        this.rules = rules;
        this.planner = planner;
        this.outbox = outbox;
    }

    @Transactional
    public void on(TurnRequested turn, String correlationId) {
        long started = System.nanoTime();
        // recorded with the conversation's lock below, in one round trip; asked before
        // anything changes
        BooleanSupplier firstTime = this.processed.record(turn.eventId());
        List<FieldError> violations = new ArrayList<>(this.rules.checkIds(turn.tenantId(), turn.conversationId()));
        violations.addAll(this.rules.check(turn.message(), "message"));
        violations.addAll(this.rules.checkUserId(turn.userId()));
        if (turn.turnId() == null) {
            violations.add(new FieldError("turnId", "must not be null"));
        }
        if (!violations.isEmpty()) {
            if (!isNew(turn, firstTime)) {
                return;
            }
            FieldError first = violations.get(0);
            log.warn("Rejecting turn {}: {} {}", turn.turnId(), first.field(), first.message());
            this.outbox.add(
                    new TurnFailed(UUID.randomUUID(), Times.now(), turn.tenantId(), turn.conversationId(),
                            turn.turnId(), "memory", "invalid message: " + first.field() + " " + first.message()),
                    correlationId);
            return;
        }
        Optional<Conversation> existing = this.conversations.lock(turn.tenantId(), turn.conversationId());
        if (!isNew(turn, firstTime)) {
            return;
        }
        Conversation conversation = existing.isPresent() ? existing.get()
                : this.conversations.lockOrCreate(turn.tenantId(), turn.conversationId());
        if (turn.userId() != null) {
            if (conversation.userId() != null && !conversation.userId().equals(turn.userId())) {
                // refused before anything is stored: bad input changes nothing
                log.info("Turn {}: conversation belongs to another user", turn.turnId());
                this.outbox.add(
                        new TurnFailed(UUID.randomUUID(), Times.now(), turn.tenantId(), turn.conversationId(),
                                turn.turnId(), "memory", ConversationStore.OTHER_USER, Problems.CONFLICT, "userId"),
                        correlationId);
                return;
            }
            conversation = this.conversations.belongTo(conversation, turn.userId());
        }
        // derived from the turn, so a turn re-sent under a new event id still maps to one
        // message
        UUID messageId = messageId(turn.turnId());
        // what the plan looks back on, read once: the memory bank's windows reach back
        // into it too
        Preceding preceding = this.messages.preceding(conversation.uid(), conversation.lastSequence() + 1,
                this.planner.lookBehind());
        Appended appended = this.stream.append(conversation, turn.message(), messageId, turn.occurredAt(), preceding,
                correlationId);
        StoredMessage message = appended.message();
        if (appended.duplicate() && answeredAgain(turn, conversation, message, correlationId)) {
            return;
        }
        this.outcomes.requested(turn.turnId(), conversation.uid(), message.id());
        // a message stored before was not at the head
        List<StoredMessage> before = appended.duplicate()
                ? this.messages.recentBefore(conversation.uid(), message.sequence(), this.planner.lookBehind())
                : preceding.messages();
        UUID uid = conversation.uid();
        // noted by the append; a redelivered turn finds its message stored, and its
        // phrases with it
        List<String> keyPhrases = appended.notes() != null ? appended.notes().keyPhrases()
                : this.salience.phrasesOf(message.id()).stream().map(KeyPhrase::phrase).toList();
        List<String> userConversations = this.userRecallConversations > 0 && conversation.userId() != null
                ? this.users.otherConversations(turn.tenantId(), conversation.userId(), turn.conversationId(),
                        this.userRecallConversations)
                : List.of();
        TurnPlan plan = this.planner.plan(before, message, keyPhrases,
                recallBefore -> this.salience.archiveMentions(uid, keyPhrases, recallBefore),
                !userConversations.isEmpty());
        // the turn clock as the append moved it; read again only for a redelivered turn
        long clock = appended.notes() != null && appended.notes().turn() != MessageNotes.UNKNOWN_TURN
                ? appended.notes().turn() : this.salience.turn(uid);
        List<SalientMemory> salient = plan.recall() ? this.salience.salient(uid, plan.recallBeforeSequence(), clock)
                : List.of();
        RecallRequested request = new RecallRequested(UUID.randomUUID(), Times.now(), turn.tenantId(),
                turn.conversationId(), uid, turn.turnId(), FlashEntry.whole(message), plan.flash().turns(),
                plan.recall(), message.content(), plan.keyPhrases(), plan.topK(), plan.recallTokenBudget(),
                plan.recallBeforeSequence(), appended.conversation().historyTokens(), turn.stream(), salient,
                turn.sampling(), plan.recall() && !userConversations.isEmpty() ? userConversations : null);
        this.outbox.add(request, correlationId);
        if (log.isDebugEnabled()) {
            // the controller's work from the consumed TurnRequested to the
            // RecallRequested in the outbox (before commit)
            log.debug("Turn {}: message {} at {}, flash {} turns / {} tokens, recall {}, {} salient; controller {} ms",
                    turn.turnId(), message.id(), message.sequence(), plan.flash().entries().size(),
                    plan.flash().tokens(), plan.recall(), salient.size(),
                    String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - started) / 1e6));
        }
    }

    /**
     * Whether the turn's event is new: one handled before is logged and changes nothing.
     */
    private static boolean isNew(TurnRequested turn, BooleanSupplier firstTime) {
        if (firstTime.getAsBoolean()) {
            return true;
        }
        log.debug("TurnRequested {} was handled before", turn.eventId());
        return false;
    }

    /**
     * A turn failed (in this service or another): sent again, it runs again instead of
     * waiting for an outcome that will not come.
     */
    public void on(TurnFailed failed) {
        if (failed.turnId() != null && this.outcomes.failed(failed.turnId(),
                failed.occurredAt() != null ? failed.occurredAt() : Times.now())) {
            log.debug("Turn {} failed in {}: {}", failed.turnId(), failed.stage(), failed.reason());
        }
    }

    /**
     * A turn whose message is stored already: answered here, unless it has to run (again)
     * for that message.
     * @return whether the turn was answered (or left to the run under way)
     */
    private boolean answeredAgain(TurnRequested turn, Conversation conversation, StoredMessage message,
            String correlationId) {
        if (!message.sameAs(turn.message())) {
            // the gateway derives the turn id from the content too, so this turn id is
            // not the stored message's: only this request fails, not the first one
            log.info("Turn {}: externalId names message {} with other content", turn.turnId(), message.id());
            this.outbox.add(
                    new TurnFailed(UUID.randomUUID(), Times.now(), turn.tenantId(), turn.conversationId(),
                            turn.turnId(), "memory", MemoryStream.OTHER_CONTENT, Problems.CONFLICT, "externalId"),
                    correlationId);
            return true;
        }
        Optional<TurnOutcome> outcome = this.outcomes.find(turn.turnId());
        if (outcome.isPresent()) {
            switch (outcome.get().state()) {
                case COMPLETED -> {
                    Optional<StoredMessage> reply = this.messages.find(conversation.uid(), outcome.get().replyId());
                    if (reply.isPresent()) {
                        log.info("Turn {} was answered before (message {}); sending that answer again", turn.turnId(),
                                reply.get().id());
                        complete(turn, reply.get(), outcome.get().generatedBy(), outcome.get().evidence(),
                                outcome.get().usage(), correlationId);
                        return true;
                    }
                }
                case REQUESTED -> {
                    if (outcome.get().requestedAt().isAfter(Times.now().minus(this.inFlight))) {
                        // the gateway waits for this turn id: the run under way answers
                        // this request too
                        log.info("Turn {} is under way; the copy waits for its outcome", turn.turnId());
                        return true;
                    }
                    log.warn("Turn {} has had no outcome for {}; running it again", turn.turnId(), this.inFlight);
                }
                case FAILED -> log.info("Turn {} failed before; running it again", turn.turnId());
            }
            return false;
        }
        // no outcome kept (answered longer ago than the retention): the transcript still
        // holds the reply, not its evidence
        Optional<StoredMessage> reply = this.messages.find(conversation.uid(), ReplyHandler.replyId(turn.turnId()));
        if (reply.isPresent()) {
            log.info("Turn {} was answered before (message {}); its evidence is no longer kept", turn.turnId(),
                    reply.get().id());
            Object generatedBy = reply.get().metadata() == null ? null : reply.get().metadata().get("generatedBy");
            complete(turn, reply.get(), generatedBy instanceof String by ? by : null, List.of(), null, correlationId);
            return true;
        }
        // stored without a reply (imported): this turn answers it
        return false;
    }

    private void complete(TurnRequested turn, StoredMessage reply, @Nullable String generatedBy,
            List<Evidence> evidence, @Nullable Usage usage, String correlationId) {
        this.outbox.add(new TurnCompleted(UUID.randomUUID(), Times.now(), turn.tenantId(), turn.conversationId(),
                turn.turnId(), reply.id(), reply.sequence(), reply.content(), generatedBy, evidence, usage, 0),
                correlationId);
    }

    /**
     * The user message of a turn: derived from the turn id, so the same turn sent again
     * maps to one message.
     */
    static UUID messageId(UUID turnId) {
        return UUID.nameUUIDFromBytes(("turn:" + turnId).getBytes(StandardCharsets.UTF_8));
    }

}
