package dev.skein.client;

/**
 * A call Skein refused or could not answer, with the problem it sent. A 409 (an
 * externalId sent again with other content) and a 400 name the fields in
 * {@link Problem#errors()}; a 503 or 504 may be retried with the same externalId or
 * {@code Idempotency-Key}.
 */
public class SkeinException extends RuntimeException {

    private final transient Problem problem;

    public SkeinException(Problem problem) {
        super(problem.status() + " " + problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()));
        this.problem = problem;
    }

    public SkeinException(String message, Throwable cause) {
        super(message, cause);
        this.problem = null;
    }

    /** The problem Skein sent; null when no answer came (a network failure). */
    public Problem problem() {
        return this.problem;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return this.problem == null ? 0 : this.problem.status();
    }

    /** Whether the same request may be sent again (with the same externalId or key). */
    public boolean retryable() {
        int status = status();
        return status == 0 || status == 429 || status == 503 || status == 504;
    }

}
