package dev.skein.memory.web;

import java.util.List;
import java.util.UUID;

import dev.skein.memory.MemoryProperties;
import dev.skein.memory.bank.MemoryBank;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.recall.FlashMemory;
import dev.skein.memory.recall.RecallPlanner;
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
        long recallBefore = flash.entries().isEmpty() ? stats.conversation().lastSequence() + 1
                : flash.entries().get(0).message().sequence();
        List<MemoryView.Archived> archived = this.salience.archived(uid, recallBefore, LISTED).stream()
                .map(MemoryView.Archived::of)
                .toList();
        List<MemoryView.Summary> summaries = this.bank.latestSummaries(uid, LISTED).stream()
                .map(MemoryView.Summary::of)
                .toList();
        MemoryView.SalienceParameters parameters = new MemoryView.SalienceParameters(this.salience.turn(uid),
                this.properties.salienceDecay(), this.properties.salienceBoost(), this.properties.recallPolicy(),
                this.bank.count(uid, "window"), this.bank.count(uid, "summary"));
        return MemoryView.of(stats.conversation(), stats.messageCount(), flash,
                this.planner.recallTokenBudget(flash, 0), this.properties, archived, parameters, summaries);
    }
}
