package dev.skein.contracts.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One page of a conversation's messages in sequence order.
 *
 * @param nextCursor pass it back to read on; null on the last page
 */
public record TranscriptResponse(List<TranscriptMessage> messages, String nextCursor) {

    /** A stored message as the transcript shows it. */
    public record TranscriptMessage(UUID messageId, long sequence, String role, String speaker, String content,
            String externalId, Instant createdAt, Instant storedAt, Map<String, Object> metadata) {
    }
}
