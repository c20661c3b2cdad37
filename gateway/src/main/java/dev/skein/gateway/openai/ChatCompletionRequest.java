package dev.skein.gateway.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An OpenAI chat-completions request. Only the last message is read: it is the new user
 * turn. Earlier messages are not imported again, because Skein already holds the
 * conversation's history (a client that resends the whole transcript, as OpenAI SDK apps
 * do, would otherwise duplicate it). {@code max_tokens}, {@code max_completion_tokens}
 * and {@code temperature} are accepted and ignored: the generation-service decides them.
 *
 * @param model echoed back; the model that answers is the one the server is configured
 * with
 * @param user the conversation id when no {@code X-Conversation-Id} header is sent
 */
record ChatCompletionRequest(
        @Schema(description = "Echoed back; the server's configured model answers", example = "skein") String model,
        @Schema(description = "Only the last message is used; it must have role user") List<ChatMessage> messages,
        Boolean stream,
        @Schema(description = "Conversation id when the X-Conversation-Id header is absent") String user,
        @Schema(description = "Accepted and ignored") @JsonProperty("max_tokens") Integer maxTokens,
        @Schema(description = "Accepted and ignored") @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        @Schema(description = "Accepted and ignored") Double temperature) {

    /**
     * @param content a string, or a list of {@code {"type":"text","text":...}} parts
     * @param name stored as the message's speaker
     */
    record ChatMessage(String role, @Schema(description = "A string or a list of text parts", oneOf = {
            String.class, TextPart[].class }) Object content, String name){
    }

    record TextPart(String type, String text) {
    }
}
