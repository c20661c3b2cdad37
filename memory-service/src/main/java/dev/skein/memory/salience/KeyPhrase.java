package dev.skein.memory.salience;

/**
 * A key phrase of a message and its weight (self-information, or −logprob from the LLM).
 */
public record KeyPhrase(String phrase, double weight) {
}
