package dev.skein.memory.web;

import java.util.List;
import java.util.UUID;

import dev.skein.memory.stream.ImportResult;

/**
 * @param watermark the stream sequence the import reaches, as an opaque string: a search that
 *        passes it waits until the index has caught up (read-your-writes)
 */
record ImportResponse(String conversationId, int received, int imported, int duplicates, Long firstSequence,
        long lastSequence, String watermark, List<Entry> messages) {

    record Entry(UUID messageId, long sequence, String externalId, boolean duplicate) {
    }

    static ImportResponse of(ImportResult result) {
        return new ImportResponse(result.conversation().conversationId(), result.received(), result.imported(),
                result.duplicates(), result.firstSequence(), result.lastSequence(),
                Long.toString(result.lastSequence()),
                result.messages().stream()
                        .map(e -> new Entry(e.messageId(), e.sequence(), e.externalId(), e.duplicate()))
                        .toList());
    }
}
