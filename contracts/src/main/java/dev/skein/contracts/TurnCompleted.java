package dev.skein.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * memory-service → gateway: the reply is stored as the assistant message at
 * {@code sequence}. A turn sent again is completed again with the same reply, evidence
 * and usage.
 *
 * @param usage null only for a turn sent again after its outcome was forgotten
 * ({@code SKEIN_IDEMPOTENCY_TTL}): it is answered from the transcript, without evidence
 * or usage
 * @param generationMillis the generation stage's time, from {@link ReplyGenerated}; 0 for
 * a turn answered again from its stored outcome
 */
public record TurnCompleted(UUID eventId, Instant occurredAt, String tenantId, String conversationId, UUID turnId,
        UUID messageId, long sequence, String content, String generatedBy, List<Evidence> evidence,
        @Nullable Usage usage, long generationMillis) implements ConversationScoped {
}
