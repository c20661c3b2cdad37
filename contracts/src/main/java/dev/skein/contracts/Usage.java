package dev.skein.contracts;

/**
 * Token counts of one turn.
 *
 * @param contextTokens tokens of memory (flash + recalled) put into the prompt
 * @param historyTokens tokens of the whole conversation so far, for comparison
 */
public record Usage(int promptTokens, int completionTokens, int contextTokens, long historyTokens) {
}
