package dev.skein.memory.stream;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.skein.contracts.MessageInput;

/**
 * One message of the memory stream as stored.
 *
 * @param condensed its summary as flash memory shows a long turn, once a turn's plan made
 * it; null before, and after a correction of its text
 */
public record StoredMessage(UUID id, UUID conversationUid, long sequence, String role, String speaker, String content,
        String externalId, Instant createdAt, Instant storedAt, int tokenCount, Map<String, Object> metadata,
        @Nullable Condensed condensed) {

    /** A message without a summary yet: a new one, or one whose text was corrected. */
    public StoredMessage(UUID id, UUID conversationUid, long sequence, String role, String speaker, String content,
            String externalId, Instant createdAt, Instant storedAt, int tokenCount, Map<String, Object> metadata) {
        this(id, conversationUid, sequence, role, speaker, content, externalId, createdAt, storedAt, tokenCount,
                metadata, null);
    }

    /**
     * Whether this is a reply of the extractive responder: it only quotes memories that
     * are indexed already, so indexing it again would put copies with a later date next
     * to the originals (and cost the most embedding time of a turn).
     */
    public boolean quotesMemories() {
        return this.metadata != null && this.metadata.get("generatedBy") instanceof String by
                && by.startsWith("extractive");
    }

    /**
     * Whether {@code input} is this message sent again: the same role and content. An
     * external id names one message; sent with other content it is a conflict, not a
     * duplicate. Speaker, time and metadata are not compared, so a client may retry
     * without them.
     */
    public boolean sameAs(MessageInput input) {
        return this.role.equals(input.role()) && this.content.equals(input.content());
    }

    /**
     * A long turn's summary as flash memory shows it.
     *
     * @param maxTokens the limit it was made for
     * @param text the summary, empty when not one sentence fitted
     */
    public record Condensed(int maxTokens, String text) {
    }

}
