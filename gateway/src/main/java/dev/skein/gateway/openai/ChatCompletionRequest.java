package dev.skein.gateway.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import dev.skein.contracts.Sampling;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Storable;

/**
 * An OpenAI chat-completions request. Only the last message is read: it is the new user
 * turn. Earlier messages are not imported again, because Skein already holds the
 * conversation's history (a client that resends the whole transcript, as OpenAI SDK apps
 * do, would otherwise duplicate it). {@code max_tokens} (or
 * {@code max_completion_tokens}), {@code temperature}, {@code stop} and {@code user} are
 * passed to the LLM call; the extractive responder (no LLM configured) accepts and
 * ignores them.
 *
 * @param model echoed back; the model that answers is the one the server is configured
 * with
 * @param user the Skein user the conversation belongs to, and the conversation id when no
 * {@code X-Conversation-Id} header is sent; also passed to the LLM provider as OpenAI's
 * end-user id
 * @param stop a string or a list of up to 4 strings
 */
record ChatCompletionRequest(
        @Schema(description = "Echoed back; the server's configured model answers", example = "skein") String model,
        @Schema(description = "Only the last message is used; it must have role user") List<ChatMessage> messages,
        Boolean stream,
        @Schema(description = "The user the conversation belongs to ([A-Za-z0-9._:-]{1,128}); also the "
                + "conversation id when the X-Conversation-Id header is absent") String user,
        @Schema(description = "Passed to the LLM; ignored by the extractive responder") @JsonProperty("max_tokens") Integer maxTokens,
        @Schema(description = "Passed to the LLM as max_tokens; ignored by the extractive responder") @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        @Schema(description = "0 to 2; passed to the LLM, ignored by the extractive responder") Double temperature,
        @Schema(description = "A string or up to 4 strings; passed to the LLM, ignored by the extractive responder",
                oneOf = {
                        String.class, String[].class }) Object stop){

    static final int MAX_STOP = 4;

    static final int MAX_STOP_CHARS = 256;

    /**
     * The sampling options, or null when none was sent; call after
     * {@link #checkSampling}.
     */
    Sampling sampling() {
        Integer max = this.maxCompletionTokens != null ? this.maxCompletionTokens : this.maxTokens;
        Sampling sampling = new Sampling(max, this.temperature, stops(), this.user);
        return sampling.isEmpty() ? null : sampling;
    }

    void checkSampling(List<FieldError> errors) {
        if (this.maxTokens != null && this.maxTokens < 1) {
            errors.add(new FieldError("max_tokens", "must be at least 1"));
        }
        if (this.maxCompletionTokens != null && this.maxCompletionTokens < 1) {
            errors.add(new FieldError("max_completion_tokens", "must be at least 1"));
        }
        if (this.temperature != null && (this.temperature.isNaN() || this.temperature < 0 || this.temperature > 2)) {
            errors.add(new FieldError("temperature", "must be between 0 and 2"));
        }
        if (this.stop != null) {
            List<String> stops = stops();
            if (stops == null || stops.size() > MAX_STOP
                    || stops.stream().anyMatch(s -> s.isEmpty() || s.length() > MAX_STOP_CHARS)) {
                errors.add(new FieldError("stop", "must be a string or a list of at most " + MAX_STOP
                        + " non-empty strings of at most " + MAX_STOP_CHARS + " characters"));
            }
            else {
                for (String s : stops) {
                    Storable.checkText(s, "stop", errors);
                }
            }
        }
    }

    /** The stop sequences, or null when absent or not strings. */
    private List<String> stops() {
        if (this.stop instanceof String text) {
            return List.of(text);
        }
        if (this.stop instanceof List<?> items && items.stream().allMatch(String.class::isInstance)) {
            return items.stream().map(String.class::cast).toList();
        }
        return null;
    }

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
