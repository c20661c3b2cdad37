package dev.skein.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One page of a transcript, oldest first.
 *
 * @param messages the messages
 * @param nextCursor pass it to get the next page; null on the last page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TranscriptPage(List<StoredMessage> messages, String nextCursor) {

    public TranscriptPage {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

}
