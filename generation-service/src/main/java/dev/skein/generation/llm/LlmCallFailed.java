package dev.skein.generation.llm;

/**
 * An LLM call that gave no usable reply. The message is short and safe to show a client
 * (it ends up in {@code generatedBy}); the cause and {@link #detail()} are for the log
 * and for deciding what to do next only.
 */
public class LlmCallFailed extends RuntimeException {

    /** Not an HTTP error: a timeout, a refused connection, a malformed body. */
    public static final int NO_STATUS = 0;

    private final int status;

    private final boolean timeout;

    private final String detail;

    private boolean retryForbidden;

    public LlmCallFailed(String reason) {
        this(reason, NO_STATUS, false, null, null);
    }

    public LlmCallFailed(String reason, Throwable cause) {
        this(reason, NO_STATUS, false, null, cause);
    }

    LlmCallFailed(String reason, int status, boolean timeout, String detail, Throwable cause) {
        super(reason, cause);
        this.status = status;
        this.timeout = timeout;
        this.detail = detail;
    }

    static LlmCallFailed status(int status, String body) {
        return new LlmCallFailed("the LLM answered HTTP " + status, status, false,
                body == null ? null : body.substring(0, Math.min(body.length(), 2_000)), null);
    }

    static LlmCallFailed timeout(String reason, Throwable cause) {
        return new LlmCallFailed(reason, NO_STATUS, true, null, cause);
    }

    /**
     * The same failure, never retried: part of a streamed reply already reached the
     * client.
     */
    LlmCallFailed afterPartialStream() {
        LlmCallFailed copy = new LlmCallFailed(getMessage(), this.status, this.timeout, this.detail, this);
        copy.retryForbidden = true;
        return copy;
    }

    /** The HTTP status of an error response, else {@link #NO_STATUS}. */
    public int status() {
        return this.status;
    }

    public boolean isTimeout() {
        return this.timeout;
    }

    /** The start of the error response's body, if there was one. */
    public String detail() {
        return this.detail;
    }

    /**
     * Worth another try at the same provider: rate limited (429), a server error (5xx), a
     * timeout or a broken connection. Any other 4xx says the request is wrong and would
     * fail the same way again.
     */
    public boolean retryable() {
        if (this.retryForbidden) {
            return false;
        }
        if (this.status == NO_STATUS) {
            return this.timeout || getCause() instanceof java.io.IOException;
        }
        return this.status == 429 || this.status >= 500;
    }

    /**
     * Says something about the provider's health (counts for its circuit breaker): not a
     * 4xx other than 429.
     */
    public boolean providerFault() {
        return this.status == NO_STATUS || this.status == 429 || this.status >= 500;
    }

    /** A 400 that names logprobs: the provider does not support them. */
    public boolean rejectsLogprobs() {
        return this.status == 400 && this.detail != null
                && this.detail.toLowerCase(java.util.Locale.ROOT).contains("logprob");
    }

}
