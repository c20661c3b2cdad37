package dev.skein.memory.stream;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Told of every append and erasure in the same transaction, so what is derived from the
 * stream (salience, windows, summaries) is committed with it or not at all.
 */
public interface StreamListener {

    /**
     * Messages just stored, in stream order (one for a turn or reply, many for an
     * import), before they are announced for indexing.
     * @return notes for the index by message id; a message without notes may be missing
     */
    Map<UUID, MessageNotes> noted(Conversation conversation, List<StoredMessage> fresh);

    /**
     * The same messages once announced: what is derived from them is announced after
     * them.
     * @param preceding the messages before them as the caller read them, or null
     */
    void appended(Conversation conversation, List<StoredMessage> fresh, @Nullable Preceding preceding,
            String correlationId);

    /**
     * After an import's messages were appended, once for all of them: what is derived
     * from the import as a whole.
     */
    void imported(Conversation conversation, String correlationId);

    /** Called right before the conversation's rows are deleted. */
    void erasing(String tenantId, UUID conversationUid);

}
