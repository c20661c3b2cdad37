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
 * @param generationMillis how long the generation stage took: the prompt and the LLM's
 * answer, not the wait for a worker. The gateway takes it from the turn's time to see
 * what Skein itself added (its admission); 0 from a producer that did not say
 */
public record ReplyGenerated(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
        String content, String generatedBy, List<Evidence> evidence, Usage usage, List<TokenLogprob> logprobs,
        long generationMillis) implements ConversationScoped {
}
