package dev.skein.generation.reply;

import java.util.List;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.TokenLogprob;
import dev.skein.contracts.Usage;

/**
 * The whole reply of one turn.
 *
 * @param evidence what the reply drew on: the evidence put in the LLM's prompt (after
 * retrieve-then-reason, the verified evidence), or the memories the extractive responder
 * quoted
 * @param usage for an extractive reply {@code promptTokens} is 0 (no model was prompted)
 * and {@code contextTokens} counts the quoted memories
 * @param logprobs of the LLM's reply tokens when the provider gave them, else empty
 */
public record Reply(String content, String generatedBy, List<Evidence> evidence, Usage usage,
        List<TokenLogprob> logprobs) {
}
