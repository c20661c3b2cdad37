package dev.skein.generation.llm;

/**
 * A provider's reply.
 *
 * @param generatedBy "llm:&lt;model&gt;@&lt;provider host&gt;"
 */
public record LlmAnswer(ChatCompletion completion, String generatedBy) {
}
