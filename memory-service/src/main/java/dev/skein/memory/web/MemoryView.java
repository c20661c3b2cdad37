package dev.skein.memory.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.memory.MemoryProperties;
import dev.skein.memory.recall.FlashEntry;
import dev.skein.memory.recall.FlashMemory;
import dev.skein.memory.stream.Conversation;

/**
 * The memory controller's view of a conversation: what flash memory the next turn would get, what
 * is left for recall, and the budgets. Archived memories with salience and summaries are not built
 * yet; the lists are empty and {@code archivedStatus} says so rather than pretending.
 */
record MemoryView(String conversationId, UUID conversationUid, Flash flash, Recall recall, List<Object> archived,
        String archivedStatus, List<Object> summaries, Budget budget, Counts counts) {

    static final String ARCHIVED_STATUS = "not yet built: salience, decay and summaries come later; for now every "
            + "message older than flash memory is an archived turn the retrieval-service recalls by relevance";

    record Flash(List<Turn> turns, int tokens) {
    }

    record Turn(UUID messageId, long sequence, String role, String speaker, String content, String externalId,
            Instant createdAt, int tokens, boolean truncated) {

        static Turn of(FlashEntry e) {
            return new Turn(e.message().id(), e.message().sequence(), e.message().role(), e.message().speaker(),
                    e.content(), e.message().externalId(), e.message().createdAt(), e.tokens(), e.truncated());
        }
    }

    /**
     * @param nextTurnRecalls whether the next turn would recall archived memory
     * @param olderMessages messages older than flash memory: only recall can bring them back
     * @param recallTokenBudget budget left after flash memory, before the next message's own tokens
     */
    record Recall(boolean nextTurnRecalls, long olderMessages, long recallBeforeSequence, int recallTokenBudget,
            int topK) {
    }

    record Budget(int contextBudgetTokens, int flashTurns, int flashBudgetTokens, int summarizeTurnTokens,
            int recallTopK) {

        static Budget of(MemoryProperties p) {
            return new Budget(p.contextBudgetTokens(), p.flashTurns(), p.flashBudgetTokens(), p.summarizeTurnTokens(),
                    p.recallTopK());
        }
    }

    record Counts(long messages, long lastSequence, long historyTokens) {
    }

    static MemoryView of(Conversation conversation, long messages, FlashMemory flash, int recallTokenBudget,
            MemoryProperties properties) {
        long recallBefore = flash.entries().isEmpty() ? conversation.lastSequence() + 1
                : flash.entries().get(0).message().sequence();
        return new MemoryView(conversation.conversationId(), conversation.uid(),
                new Flash(flash.entries().stream().map(Turn::of).toList(), flash.tokens()),
                new Recall(flash.olderExist(), messages - flash.entries().size(), recallBefore, recallTokenBudget,
                        properties.recallTopK()),
                List.of(), ARCHIVED_STATUS, List.of(), Budget.of(properties),
                new Counts(messages, conversation.lastSequence(), conversation.historyTokens()));
    }
}
