package dev.skein.gateway.turn;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import dev.skein.gateway.search.RecalledMemory;

/**
 * {@code GET /v1/conversations/{id}/turns/{turnId}}: one chat turn, its reply and the
 * prompt the generation-service assembled for it.
 *
 * @param createdAt when the turn was requested
 * @param reply null while the turn is still being answered, or when it failed
 */
public record TurnView(UUID turnId, String conversationId, Instant createdAt, UserMessage userMessage,
        @Schema(nullable = true) @Nullable TurnReply reply, @Schema(nullable = true,
                description = "null when the generation-service no longer holds it") @Nullable Prompt prompt) {

    /**
     * @param content null when the message was deleted since
     */
    public record UserMessage(UUID messageId, @Schema(nullable = true) @Nullable String content) {
    }

    /**
     * @param generatedBy "extractive", "extractive (fallback: …)" or
     * "llm:&lt;model&gt;@&lt;host&gt;"
     */
    public record TurnReply(UUID messageId, @Schema(nullable = true) @Nullable String content, String generatedBy) {
    }

    /**
     * The prompt as assembled: flash memory (the recent turns, verbatim) and the recalled
     * evidence, within the turn's token budget, and the chat messages sent to the LLM.
     *
     * @param tokenBudget the memory-service's context budget for the turn (cl100k_base
     * tokens)
     * @param tokensUsed tokens of the assembled prompt, chat formatting included
     * @param messages the chat messages sent to the LLM (for the extractive responder,
     * the messages an LLM would have been sent)
     */
    public record Prompt(int tokenBudget, int tokensUsed, List<FlashTurn> flash, List<RecalledMemory> evidence,
            List<PromptMessage> messages) {
    }

    /** One turn of flash memory in the prompt. */
    public record FlashTurn(UUID messageId, long sequence, String role, @Nullable String speaker, String content,
            int tokens) {
    }

    /** One chat message of the prompt, OpenAI style. */
    public record PromptMessage(String role, String content) {
    }
}
