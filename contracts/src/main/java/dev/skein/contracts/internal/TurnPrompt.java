package dev.skein.contracts.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import org.jspecify.annotations.Nullable;

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
 * @param generatedBy who answered: "llm:&lt;model&gt;@&lt;host&gt;", "extractive" or
 * "extractive (fallback: …)"
 * @param tenantId the turn's tenant (erasure drops a conversation's prompts by it)
 * @param conversationId the turn's conversation
 * @param tokenBudget the most tokens the prompt could hold ({@code promptBudgetTokens})
 * @param flash the flash turns the prompt holds, oldest first, with their tokens
 * @param evidence the recalled memories the prompt holds, best first
 */
public record TurnPrompt(UUID turnId, Instant at, String reasoning, List<PromptMessage> selectionMessages,
        int selectionTokens, List<PromptMessage> messages, int promptTokens, int contextTokens, String generatedBy,
        @Nullable String tenantId, @Nullable String conversationId, int tokenBudget, List<PromptFlash> flash,
        List<Evidence> evidence) {

    public TurnPrompt(UUID turnId, Instant at, String reasoning, List<PromptMessage> selectionMessages,
            int selectionTokens, List<PromptMessage> messages, int promptTokens, int contextTokens,
            String generatedBy) {
        this(turnId, at, reasoning, selectionMessages, selectionTokens, messages, promptTokens, contextTokens,
                generatedBy, null, null, 0, List.of(), List.of());
    }

    /** One flash turn of the prompt and its tokens (cl100k_base, as spoken). */
    public record PromptFlash(UUID messageId, long sequence, String role, @Nullable String speaker, String content,
            int tokens) {
    }

    /** One message of an OpenAI-style chat prompt. */
    public record PromptMessage(String role, String content) {
    }
}
