package dev.skein.memory.stream;

import java.util.List;
import java.util.UUID;

/**
 * Told of every append and erasure in the same transaction, so what is derived from the stream
 * (salience, windows, summaries) is committed with it or not at all.
 */
public interface StreamListener {

    /** Messages just stored, in stream order (one for a turn or reply, many for an import). */
    void appended(Conversation conversation, List<StoredMessage> fresh, String correlationId);

    /** Called right before the conversation's rows are deleted. */
    void erasing(String tenantId, UUID conversationUid);
}
