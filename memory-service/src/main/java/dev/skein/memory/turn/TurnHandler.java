package dev.skein.memory.turn;

import dev.skein.platform.web.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.SalientMemory;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.TurnRequested;
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
import dev.skein.memory.stream.MessageRules;
import dev.skein.memory.stream.MessageStore;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.memory.stream.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The memory-service's part of a turn: store the user message, plan flash memory and
 * recall, and hand the turn on to retrieval. One transaction, so a redelivered event is
 * either fully done (its id is in processed_events) or not at all.
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

    TurnHandler(ProcessedEvents processed, ConversationStore conversations, MessageStore messages, MemoryStream stream,
            MessageRules rules, RecallPlanner planner, Outbox outbox, Salience salience) {
        this.salience = salience;
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
        if (!this.processed.firstTime(turn.eventId())) {
            log.debug("TurnRequested {} was handled before", turn.eventId());
            return;
        }
        List<FieldError> violations = new ArrayList<>(this.rules.checkIds(turn.tenantId(), turn.conversationId()));
        violations.addAll(this.rules.check(turn.message(), "message"));
        if (turn.turnId() == null) {
            violations.add(new FieldError("turnId", "must not be null"));
        }
        if (!violations.isEmpty()) {
            FieldError first = violations.get(0);
            log.warn("Rejecting turn {}: {} {}", turn.turnId(), first.field(), first.message());
            this.outbox.add(
                    new TurnFailed(UUID.randomUUID(), Times.now(), turn.tenantId(), turn.conversationId(),
                            turn.turnId(), "memory", "invalid message: " + first.field() + " " + first.message()),
                    correlationId);
            return;
        }
        Conversation conversation = this.conversations.lockOrCreate(turn.tenantId(), turn.conversationId());
        // derived from the turn, so a turn re-sent under a new event id still maps to one
        // message
        UUID messageId = UUID.nameUUIDFromBytes(("turn:" + turn.turnId()).getBytes(StandardCharsets.UTF_8));
        Appended appended = this.stream.append(conversation, turn.message(), messageId, turn.occurredAt(),
                correlationId);
        StoredMessage message = appended.message();
        List<StoredMessage> before = this.messages.recentBefore(conversation.uid(), message.sequence(),
                this.planner.lookBehind());
        UUID uid = conversation.uid();
        // noted by the append; a redelivered turn finds its message stored, and its
        // phrases with it
        List<String> keyPhrases = appended.notes() != null ? appended.notes().keyPhrases()
                : this.salience.phrasesOf(message.id()).stream().map(KeyPhrase::phrase).toList();
        TurnPlan plan = this.planner.plan(before, message, keyPhrases,
                recallBefore -> this.salience.archiveMentions(uid, keyPhrases, recallBefore));
        List<SalientMemory> salient = plan.recall()
                ? this.salience.salient(uid, plan.recallBeforeSequence(), this.salience.turn(uid)) : List.of();
        RecallRequested request = new RecallRequested(UUID.randomUUID(), Times.now(), turn.tenantId(),
                turn.conversationId(), uid, turn.turnId(), FlashEntry.whole(message), plan.flash().turns(),
                plan.recall(), message.content(), plan.keyPhrases(), plan.topK(), plan.recallTokenBudget(),
                plan.recallBeforeSequence(), appended.conversation().historyTokens(), turn.stream(), salient);
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

}
