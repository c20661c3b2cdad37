package dev.skein.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * generation-service → memory-service: the whole reply. The memory-service stores it and only
 * then tells the gateway ({@link TurnCompleted}), so a reply a client has seen is always stored.
 *
 * @param generatedBy "extractive" for the built-in responder, else "llm:&lt;provider&gt;/&lt;model&gt;"
 */
public record ReplyGenerated(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
        String content, String generatedBy, List<Evidence> evidence, Usage usage) implements SkeinEvent {
}
