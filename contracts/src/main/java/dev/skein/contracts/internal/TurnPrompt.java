package dev.skein.contracts.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the LLM was sent for one turn, for debugging (generation-service
 * {@code /internal/turns/{id}/prompt}).
 *
 * @param reasoning "retrieve-then-reason" when an evidence-selection step ran, else
 * "direct"
 * @param selectionMessages the step-1 prompt of retrieve-then-reason, else empty
 * @param selectionTokens its tokens (cl100k_base), 0 without that step
 * @param messages the prompt of the answer
 * @param promptTokens its tokens (cl100k_base), chat formatting included
 * @param contextTokens tokens of memory in it (evidence and flash turns)
 * @param generatedBy who answered: "llm:&lt;model&gt;@&lt;host&gt;" or "extractive
 * (fallback: …)"
 */
public record TurnPrompt(UUID turnId, Instant at, String reasoning, List<PromptMessage> selectionMessages,
        int selectionTokens, List<PromptMessage> messages, int promptTokens, int contextTokens, String generatedBy) {

    /** One message of an OpenAI-style chat prompt. */
    public record PromptMessage(String role, String content) {
    }
}
