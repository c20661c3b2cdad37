package dev.skein.platform.web;

import org.springframework.http.ProblemDetail;

/** Ends a request with the given problem response; thrown by controllers and internal clients. */
public class ProblemException extends RuntimeException {

    private final ProblemDetail problem;

    public ProblemException(ProblemDetail problem) {
        super(problem.getDetail(), null, false, false);
        this.problem = problem;
    }

    public ProblemDetail problem() {
        return this.problem;
    }
}
