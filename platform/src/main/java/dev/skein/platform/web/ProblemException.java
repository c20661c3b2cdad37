package dev.skein.platform.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;

/**
 * Ends a request with the given problem response; thrown by controllers and internal
 * clients.
 */
public class ProblemException extends RuntimeException {

    private final ProblemDetail problem;

    private final @Nullable Duration retryAfter;

    public ProblemException(ProblemDetail problem) {
        this(problem, null);
    }

    /**
     * @param cause what went wrong inside, for the log and the caller; never part of the
     * response
     */
    public ProblemException(ProblemDetail problem, @Nullable Throwable cause) {
        this(problem, cause, null);
    }

    /**
     * @param retryAfter sent as {@code Retry-After} (whole seconds, at least 1): when the
     * client may try again
     */
    public ProblemException(ProblemDetail problem, @Nullable Throwable cause, @Nullable Duration retryAfter) {
        super(problem.getDetail(), cause, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public ProblemDetail problem() {
        return this.problem;
    }

    /**
     * The {@code Retry-After} header's value in seconds (at least 1), or null when the
     * problem has none.
     */
    public @Nullable String retryAfterSeconds() {
        if (this.retryAfter == null) {
            return null;
        }
        long millis = Math.max(1, this.retryAfter.toMillis());
        return Long.toString((millis + 999) / 1000);
    }

}
