package dev.skein.generation.llm;

/**
 * What an LLM answered.
 *
 * @param promptTokens as the endpoint counted them, or null when it did not say
 * @param completionTokens as the endpoint counted them, or null when it did not say
 */
public record ChatCompletion(String content, Integer promptTokens, Integer completionTokens) {
}
