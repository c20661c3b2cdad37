package dev.skein.contracts.internal;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of an import, one entry per received message in request order.
 *
 * @param firstSequence the first newly stored sequence, null when everything was a
 * duplicate
 * @param lastSequence the stream head after the import
 * @param watermark {@code lastSequence} as an opaque string: a search that passes it
 * waits until the index has caught up (read-your-writes)
 */
public record ImportResponse(String conversationId, int received, int imported, int duplicates, Long firstSequence,
        long lastSequence, String watermark, List<ImportedMessage> messages) {

    /**
     * One received message: where it is in the stream, and whether its external id was
     * known already.
     */
    public record ImportedMessage(UUID messageId, long sequence, String externalId, boolean duplicate) {
    }
}
