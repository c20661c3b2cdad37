package dev.skein.memory.bank;

import java.util.Optional;

import dev.skein.contracts.SummaryGenerated;
import dev.skein.memory.inbox.ProcessedEvents;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.ConversationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores an LLM summary (SKEIN_SUMMARIES_VIA_LLM) in place of the extractive one it was
 * asked for, or a window's facts (SKEIN_FACTS_VIA_LLM).
 */
@Service
public class SummaryHandler {

    private static final Logger log = LoggerFactory.getLogger(SummaryHandler.class);

    private final ProcessedEvents processed;

    private final ConversationStore conversations;

    private final MemoryBank bank;

    SummaryHandler(ProcessedEvents processed, ConversationStore conversations, MemoryBank bank) {
        this.processed = processed;
        this.conversations = conversations;
        this.bank = bank;
    }

    @Transactional
    public void on(SummaryGenerated summary, String correlationId) {
        if (!this.processed.firstTime(summary.eventId())) {
            return;
        }
        Optional<Conversation> locked = this.conversations.lock(summary.tenantId(), summary.conversationId());
        if (locked.isEmpty() || !locked.get().uid().equals(summary.conversationUid())) {
            // erased (or erased and re-created) while the summary was written: drop it
            log.debug("Summary {} of a deleted conversation dropped", summary.summaryId());
            return;
        }
        if (!this.bank.summaryGenerated(locked.get(), summary.summaryId(), summary.content(), summary.generatedBy(),
                correlationId)) {
            log.debug("Summary {} matches no stored summary; dropped", summary.summaryId());
        }
    }

}
