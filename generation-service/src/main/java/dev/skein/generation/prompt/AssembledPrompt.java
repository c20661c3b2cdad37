package dev.skein.generation.prompt;

import java.util.List;

import dev.skein.contracts.internal.TurnPrompt;

import dev.skein.contracts.Evidence;

/**
 * A prompt ready to send.
 *
 * @param evidence the recalled memories that made it into the prompt, best score first
 * @param promptTokens tokens of the whole prompt, chat formatting included
 * @param contextTokens tokens of memory in the prompt: the evidence lines and the flash
 * turns
 */
public record AssembledPrompt(List<ChatMessage> messages, List<Evidence> evidence, int promptTokens, int contextTokens,
        List<TurnPrompt.PromptFlash> flash, int budgetTokens) {

    public AssembledPrompt(List<ChatMessage> messages, List<Evidence> evidence, int promptTokens, int contextTokens) {
        this(messages, evidence, promptTokens, contextTokens, List.of(), 0);
    }
}
