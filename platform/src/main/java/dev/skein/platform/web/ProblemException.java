package dev.skein.platform.web;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;

/**
 * Ends a request with the given problem response; thrown by controllers and internal
 * clients.
 */
public class ProblemException extends RuntimeException {

    private final ProblemDetail problem;

    public ProblemException(ProblemDetail problem) {
        this(problem, null);
    }

    /**
     * @param cause what went wrong inside, for the log and the caller; never part of the
     * response
     */
    public ProblemException(ProblemDetail problem, @Nullable Throwable cause) {
        super(problem.getDetail(), cause, false, false);
        this.problem = problem;
    }

    public ProblemDetail problem() {
        return this.problem;
    }

}
