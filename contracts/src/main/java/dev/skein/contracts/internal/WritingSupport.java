package dev.skein.contracts.internal;

/**
 * Whether the generation-service can write long texts (it has an LLM).
 *
 * @param reason why it cannot, else null
 */
public record WritingSupport(boolean available, String reason) {
}
