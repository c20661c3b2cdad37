package dev.skein.client;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer of an import.
 *
 * @param conversationId the conversation
 * @param received messages sent
 * @param imported messages stored now
 * @param duplicates messages whose externalId was already stored (not stored again)
 * @param lastSequence the conversation's last sequence after the import
 * @param watermark pass it to {@link SkeinClient#search} to see these messages
 * (read-your-writes)
 * @param messages one entry per message sent, in order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImportResult(String conversationId, int received, int imported, int duplicates, long lastSequence,
        long watermark, List<Imported> messages) {

    public ImportResult {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Imported(UUID messageId, long sequence, String externalId, boolean duplicate) {
    }

}
