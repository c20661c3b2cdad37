package dev.skein.generation.llm;

import java.util.List;

import dev.skein.contracts.TokenLogprob;

/**
 * What an LLM answered.
 *
 * @param promptTokens as the endpoint counted them, or null when it did not say
 * @param completionTokens as the endpoint counted them, or null when it did not say
 * @param logprobs the reply's tokens with their log-probabilities when asked for and
 * given, else empty
 */
public record ChatCompletion(String content, Integer promptTokens, Integer completionTokens,
        List<TokenLogprob> logprobs) {

    public ChatCompletion(String content, Integer promptTokens, Integer completionTokens) {
        this(content, promptTokens, completionTokens, List.of());
    }
}
