package dev.skein.gateway.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One streamed {@code chat.completion.chunk}. The last one carries {@code finish_reason},
 * {@code usage} and Skein's {@code skein} member.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
        ChatCompletion.CompletionUsage usage, SkeinDetails skein) {

    /**
     * {@code finish_reason} is null until the last chunk, and OpenAI sends that null
     * explicitly.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Choice(int index, Delta delta, @JsonProperty("finish_reason") String finishReason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(String role, String content) {
    }
}
