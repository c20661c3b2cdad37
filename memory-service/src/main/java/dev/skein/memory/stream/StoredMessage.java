package dev.skein.memory.stream;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One message of the memory stream as stored. */
public record StoredMessage(UUID id, UUID conversationUid, long sequence, String role, String speaker, String content,
        String externalId, Instant createdAt, Instant storedAt, int tokenCount, Map<String, Object> metadata) {

    /**
     * Whether this is a reply of the extractive responder: it only quotes memories that
     * are indexed already, so indexing it again would put copies with a later date next
     * to the originals (and cost the most embedding time of a turn).
     */
    public boolean quotesMemories() {
        return this.metadata != null && this.metadata.get("generatedBy") instanceof String by
                && by.startsWith("extractive");
    }
}
