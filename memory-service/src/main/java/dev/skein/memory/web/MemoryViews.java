package dev.skein.memory.web;

import java.util.List;
import java.util.UUID;

import dev.skein.contracts.internal.MemoryView;
import dev.skein.memory.MemoryProperties;
import dev.skein.memory.bank.BankMemory;
import dev.skein.memory.bank.MemoryBank;
import dev.skein.memory.recall.FlashEntry;
import dev.skein.memory.recall.FlashMemory;
import dev.skein.memory.recall.RecallPlanner;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.MemoryStream;
import dev.skein.memory.stream.MessageStore;
import dev.skein.memory.stream.StoredMessage;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads a conversation's memory view in one snapshot. */
@Component
class MemoryViews {

    private final MemoryStream stream;

    private final MessageStore messages;

    private final RecallPlanner planner;

    private final MemoryProperties properties;

    private final Salience salience;

    private final MemoryBank bank;

    /** How many archived memories and summaries the view lists. */
    static final int LISTED = 50;

    MemoryViews(MemoryStream stream, MessageStore messages, RecallPlanner planner, MemoryProperties properties,
            Salience salience, MemoryBank bank) {
        this.salience = salience;
        this.bank = bank;
        this.stream = stream;
        this.messages = messages;
        this.planner = planner;
        this.properties = properties;
    }

    @Transactional(readOnly = true)
    MemoryView view(String tenantId, String conversationId) {
        MemoryStream.Stats stats = this.stream.stats(tenantId, conversationId);
        // exactly what the planner would pick if the next message arrived now
        List<StoredMessage> before = this.messages.recentBefore(stats.conversation().uid(),
                stats.conversation().lastSequence() + 1, this.planner.lookBehind());
        FlashMemory flash = this.planner.flash(before);
        UUID uid = stats.conversation().uid();
        long recallBefore = recallBefore(stats.conversation(), flash);
        List<MemoryView.Archived> archived = this.salience.archived(uid, recallBefore, LISTED)
            .stream()
            .map(MemoryViews::archived)
            .toList();
        List<MemoryView.Summary> summaries = this.bank.latestSummaries(uid, LISTED)
            .stream()
            .map(MemoryViews::summary)
            .toList();
        MemoryView.SalienceParameters parameters = new MemoryView.SalienceParameters(this.salience.turn(uid),
                this.properties.salienceDecay(), this.properties.salienceBoost(), this.properties.recallPolicy(),
                this.bank.count(uid, "window"), this.bank.count(uid, "summary"));
        Conversation conversation = stats.conversation();
        long messageCount = stats.messageCount();
        return new MemoryView(conversation.conversationId(), conversation.uid(),
                new MemoryView.Flash(flash.entries().stream().map(MemoryViews::turn).toList(), flash.tokens()),
                new MemoryView.Recall(flash.olderExist(), messageCount - flash.entries().size(), recallBefore,
                        this.planner.recallTokenBudget(flash, 0), this.properties.recallTopK()),
                archived, parameters, summaries, budget(this.properties),
                new MemoryView.Counts(messageCount, conversation.lastSequence(), conversation.historyTokens()));
    }

    private static MemoryView.Budget budget(MemoryProperties p) {
        return new MemoryView.Budget(p.contextBudgetTokens(), p.flashTurns(), p.flashBudgetTokens(),
                p.summarizeTurnTokens(), p.recallTopK());
    }

    /** Recall only reaches below the oldest flash turn. */
    private static long recallBefore(Conversation conversation, FlashMemory flash) {
        return flash.entries().isEmpty() ? conversation.lastSequence() + 1
                : flash.entries().get(0).message().sequence();
    }

    private static MemoryView.Archived archived(Salience.Scored s) {
        String note = s.row().supersededBy() == null ? null
                : "possibly superseded by " + s.row().supersededBy() + " at turn " + s.row().supersededTurn();
        return new MemoryView.Archived(s.row().memoryId(), s.row().sequence(), s.salience(), s.row().base(),
                s.row().lastTurn(), s.decayRatio(), s.row().reason(),
                s.keyPhrases().stream().map(k -> new MemoryView.KeyPhrase(k.phrase(), k.weight())).toList(),
                s.row().supersededBy(), s.row().supersededTurn(), note, s.row().pinned());
    }

    private static MemoryView.Summary summary(BankMemory m) {
        return new MemoryView.Summary(m.id(), m.level(), m.text(), m.firstSequence(), m.lastSequence(), m.tokenCount(),
                m.messageIds().size(), m.messageIds(), m.externalIds(), m.createdAt(), m.generatedBy());
    }

    private static MemoryView.Turn turn(FlashEntry e) {
        return new MemoryView.Turn(e.message().id(), e.message().sequence(), e.message().role(), e.message().speaker(),
                e.content(), e.message().externalId(), e.message().createdAt(), e.tokens(), e.truncated(),
                e.summarized());
    }

}
