package dev.skein.client;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer to a user message: Skein's reply and the memories it used.
 *
 * @param turnId the turn
 * @param messageId the stored user message
 * @param sequence its place in the conversation
 * @param reply the assistant's reply
 * @param evidence the recalled memories the prompt held
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TurnResult(UUID turnId, UUID messageId, long sequence, Reply reply, List<Memory> evidence) {

    public TurnResult {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /**
     * @param content the reply's text
     * @param generatedBy the model, or {@code extractive…} when no LLM wrote it
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reply(String content, String generatedBy) {
    }

}
