package dev.skein.memory.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.memory.MemoryProperties;
import dev.skein.memory.bank.BankMemory;
import dev.skein.memory.recall.FlashEntry;
import dev.skein.memory.recall.FlashMemory;
import dev.skein.memory.salience.KeyPhrase;
import dev.skein.memory.stream.Conversation;

/**
 * The memory controller's view of a conversation: what flash memory the next turn would get, what
 * is left for recall, the most salient archived memories with the reason for each score, the
 * summaries, and the budgets.
 */
record MemoryView(String conversationId, UUID conversationUid, Flash flash, Recall recall, List<Archived> archived,
        SalienceParameters salience, List<Summary> summaries, Budget budget, Counts counts) {

    /**
     * An archived turn (older than flash memory) and its salience at the current turn.
     *
     * @param salience base · decayRatio^(currentTurn − lastReinforcedTurn)
     * @param supersededBy a newer message that restated its subject with something else, if any
     */
    record Archived(UUID memoryId, long sequence, double salience, double base, long lastReinforcedTurn,
            double decayRatio, String reason, List<KeyPhrase> keyPhrases, UUID supersededBy, Long supersededAtTurn,
            String note) {

        static Archived of(dev.skein.memory.salience.Salience.Scored s) {
            String note = s.row().supersededBy() == null ? null
                    : "possibly superseded by " + s.row().supersededBy() + " at turn " + s.row().supersededTurn();
            return new Archived(s.row().memoryId(), s.row().sequence(), s.salience(), s.row().base(),
                    s.row().lastTurn(), s.decayRatio(), s.row().reason(), s.keyPhrases(), s.row().supersededBy(),
                    s.row().supersededTurn(), note);
        }
    }

    /** The salience parameters and the turn clock. */
    record SalienceParameters(long currentTurn, double decayRatio, double boost, String recallPolicy, long windows,
            long summaries) {
    }

    /** A summary and the messages it covers. */
    record Summary(UUID memoryId, String level, String text, long firstSequence, long lastSequence, int tokens,
            int messageCount, List<UUID> messageIds, List<String> externalIds, Instant createdAt,
            String generatedBy) {

        static Summary of(BankMemory m) {
            return new Summary(m.id(), m.level(), m.text(), m.firstSequence(), m.lastSequence(), m.tokenCount(),
                    m.messageIds().size(), m.messageIds(), m.externalIds(), m.createdAt(), m.generatedBy());
        }
    }

    record Flash(List<Turn> turns, int tokens) {
    }

    record Turn(UUID messageId, long sequence, String role, String speaker, String content, String externalId,
            Instant createdAt, int tokens, boolean truncated, boolean summarized) {

        static Turn of(FlashEntry e) {
            return new Turn(e.message().id(), e.message().sequence(), e.message().role(), e.message().speaker(),
                    e.content(), e.message().externalId(), e.message().createdAt(), e.tokens(), e.truncated(),
                    e.summarized());
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
            MemoryProperties properties, List<Archived> archived, SalienceParameters salience,
            List<Summary> summaries) {
        long recallBefore = flash.entries().isEmpty() ? conversation.lastSequence() + 1
                : flash.entries().get(0).message().sequence();
        return new MemoryView(conversation.conversationId(), conversation.uid(),
                new Flash(flash.entries().stream().map(Turn::of).toList(), flash.tokens()),
                new Recall(flash.olderExist(), messages - flash.entries().size(), recallBefore, recallTokenBudget,
                        properties.recallTopK()),
                archived, salience, summaries, Budget.of(properties),
                new Counts(messages, conversation.lastSequence(), conversation.historyTokens()));
    }
}
