package dev.skein.contracts.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The memory controller's view of a conversation: what flash memory the next turn would
 * get, what is left for recall, the most salient archived memories with the reason for
 * each score, the summaries, and the budgets.
 */
public record MemoryView(String conversationId, UUID conversationUid, Flash flash, Recall recall,
        List<Archived> archived, SalienceParameters salience, List<Summary> summaries, Budget budget, Counts counts) {

    /**
     * An archived turn (older than flash memory) and its salience at the current turn.
     *
     * @param salience base · decayRatio^(currentTurn − lastReinforcedTurn)
     * @param supersededBy a newer message that restated its subject with something else,
     * if any
     * @param pinned its salience is held at or above the pin floor (PATCH
     * {@code …/memories/{memoryId}})
     */
    public record Archived(UUID memoryId, long sequence, double salience, double base, long lastReinforcedTurn,
            double decayRatio, String reason, List<KeyPhrase> keyPhrases, UUID supersededBy, Long supersededAtTurn,
            String note, boolean pinned) {
    }

    /**
     * A key phrase of a message and its weight (self-information, or −logprob from the
     * LLM).
     */
    public record KeyPhrase(String phrase, double weight) {
    }

    /** The salience parameters and the turn clock. */
    public record SalienceParameters(long currentTurn, double decayRatio, double boost, String recallPolicy,
            long windows, long summaries) {
    }

    /** A summary and the messages it covers. */
    public record Summary(UUID memoryId, String level, String text, long firstSequence, long lastSequence, int tokens,
            int messageCount, List<UUID> messageIds, List<String> externalIds, Instant createdAt, String generatedBy) {
    }

    /** The turns the next turn's prompt would hold verbatim, and their tokens. */
    public record Flash(List<Turn> turns, int tokens) {
    }

    /** One turn of flash memory, possibly truncated or replaced by its summary. */
    public record Turn(UUID messageId, long sequence, String role, String speaker, String content, String externalId,
            Instant createdAt, int tokens, boolean truncated, boolean summarized) {
    }

    /**
     * What the next turn would leave to recall.
     *
     * @param nextTurnRecalls whether the next turn would recall archived memory
     * @param olderMessages messages older than flash memory: only recall can bring them
     * back
     * @param recallTokenBudget budget left after flash memory, before the next message's
     * own tokens
     */
    public record Recall(boolean nextTurnRecalls, long olderMessages, long recallBeforeSequence, int recallTokenBudget,
            int topK) {
    }

    /** The memory-service's context budgets. */
    public record Budget(int contextBudgetTokens, int flashTurns, int flashBudgetTokens, int summarizeTurnTokens,
            int recallTopK) {
    }

    /** The conversation's message counters. */
    public record Counts(long messages, long lastSequence, long historyTokens) {
    }
}
