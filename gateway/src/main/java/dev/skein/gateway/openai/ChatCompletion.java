package dev.skein.gateway.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.skein.contracts.Usage;
import dev.skein.gateway.turn.TurnAnswer;

/**
 * An OpenAI {@code chat.completion}, plus Skein's own {@code skein} member with the
 * evidence.
 */
record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, CompletionUsage usage,
        SkeinDetails skein) {

    static ChatCompletion of(TurnAnswer answer, String model, long created) {
        return new ChatCompletion(ChatCompletionsController.id(answer.turnId()), "chat.completion", created, model,
                List.of(new Choice(0, new Message("assistant", answer.reply().content(), null), "stop", null)),
                CompletionUsage.of(answer.usage()), SkeinDetails.of(answer));
    }

    record Choice(int index, Message message, @JsonProperty("finish_reason") String finishReason, Object logprobs) {
    }

    record Message(String role, String content, String refusal) {
    }

    record CompletionUsage(@JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens, @JsonProperty("total_tokens") int totalTokens) {

        static CompletionUsage of(Usage usage) {
            return usage == null ? new CompletionUsage(0, 0, 0) : new CompletionUsage(usage.promptTokens(),
                    usage.completionTokens(), usage.promptTokens() + usage.completionTokens());
        }
    }
}
