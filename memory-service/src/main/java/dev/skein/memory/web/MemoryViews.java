package dev.skein.memory.web;

import java.util.List;

import dev.skein.memory.MemoryProperties;
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

    MemoryViews(MemoryStream stream, MessageStore messages, RecallPlanner planner, MemoryProperties properties) {
        this.stream = stream;
        this.messages = messages;
        this.planner = planner;
        this.properties = properties;
    }

    @Transactional(readOnly = true)
    public MemoryView view(String tenantId, String conversationId) {
        MemoryStream.Stats stats = this.stream.stats(tenantId, conversationId);
        // exactly what the planner would pick if the next message arrived now
        List<StoredMessage> before = this.messages.recentBefore(stats.conversation().uid(),
                stats.conversation().lastSequence() + 1, this.planner.lookBehind());
        FlashMemory flash = this.planner.flash(before);
        return MemoryView.of(stats.conversation(), stats.messageCount(), flash,
                this.planner.recallTokenBudget(flash, 0), this.properties);
    }
}
