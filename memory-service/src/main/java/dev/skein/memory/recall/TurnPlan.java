package dev.skein.memory.recall;

import java.util.List;

/**
 * The planner's decision for one turn: what flash memory holds and whether and how much
 * to recall.
 *
 * @param recallTokenBudget context budget left after flash memory and the message
 * @param recallBeforeSequence recalled memories must be older than this (the oldest flash
 * turn, or the message itself when flash memory is empty), so nothing enters the prompt
 * twice
 */
public record TurnPlan(FlashMemory flash, int messageTokens, boolean recall, int recallTokenBudget, int topK,
        long recallBeforeSequence, List<String> keyPhrases) {
}
