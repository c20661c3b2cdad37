package dev.skein.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * generation-service → memory-service: the whole reply. The memory-service stores it and
 * only then tells the gateway ({@link TurnCompleted}), so a reply a client has seen is
 * always stored.
 *
 * @param generatedBy "extractive" (or "extractive (fallback: reason)") for the built-in
 * responder, else "llm:&lt;model&gt;@&lt;provider host&gt;"
 * @param logprobs the LLM's log-probabilities of the reply's tokens when the provider
 * returned them (SirLLM: token entropy for salience), else empty
 */
public record ReplyGenerated(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
        String content, String generatedBy, List<Evidence> evidence, Usage usage,
        List<TokenLogprob> logprobs) implements ConversationScoped {
}
