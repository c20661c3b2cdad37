package dev.skein.memory.stream;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One message of the memory stream as stored. */
public record StoredMessage(UUID id, UUID conversationUid, long sequence, String role, String speaker,
        String content, String externalId, Instant createdAt, Instant storedAt, int tokenCount,
        Map<String, Object> metadata) {
}
