package dev.skein.generation.inspect;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.generation.prompt.ChatMessage;

/**
 * What the LLM was sent for one turn, for debugging.
 *
 * @param reasoning "retrieve-then-reason" when an evidence-selection step ran, else "direct"
 * @param selectionMessages the step-1 prompt of retrieve-then-reason, else empty
 * @param selectionTokens its tokens (cl100k_base), 0 without that step
 * @param messages the prompt of the answer
 * @param promptTokens its tokens (cl100k_base), chat formatting included
 * @param contextTokens tokens of memory in it (evidence and flash turns)
 * @param generatedBy who answered: "llm:&lt;model&gt;@&lt;host&gt;" or "extractive (fallback: …)"
 */
public record TurnPrompt(UUID turnId, Instant at, String reasoning, List<ChatMessage> selectionMessages,
        int selectionTokens, List<ChatMessage> messages, int promptTokens, int contextTokens, String generatedBy) {
}
