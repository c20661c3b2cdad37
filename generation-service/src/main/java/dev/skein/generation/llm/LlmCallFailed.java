package dev.skein.generation.llm;

/**
 * An LLM call that gave no usable reply. The message is short and safe to show a client (it ends
 * up in {@code generatedBy}); the cause, if any, is for the log only.
 */
public class LlmCallFailed extends RuntimeException {

    public LlmCallFailed(String reason) {
        super(reason);
    }

    public LlmCallFailed(String reason, Throwable cause) {
        super(reason, cause);
    }
}
