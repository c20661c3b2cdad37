package dev.skein.memory.stream;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of an import, one entry per received message in request order.
 *
 * @param firstSequence the first newly stored sequence, null when everything was a
 * duplicate
 * @param lastSequence the stream head after the import (the last imported message when
 * any was)
 */
public record ImportResult(Conversation conversation, int received, int imported, int duplicates, Long firstSequence,
        long lastSequence, List<Entry> messages) {

    public record Entry(UUID messageId, long sequence, String externalId, boolean duplicate) {
    }
}
