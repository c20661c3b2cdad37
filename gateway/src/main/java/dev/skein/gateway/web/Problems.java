package dev.skein.gateway.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** The stable problem types of the public API (RFC 9457), all under one base URI. */
public final class Problems {

    public static final String BASE = "https://skein.dev/problems/";

    public static final String VALIDATION = "validation";
    public static final String MALFORMED_REQUEST = "malformed-request";
    public static final String NOT_FOUND = "not-found";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String TURN_TIMEOUT = "turn-timeout";
    public static final String TURN_FAILED = "turn-failed";
    public static final String UPSTREAM_UNAVAILABLE = "upstream-unavailable";
    public static final String INTERNAL = "internal";
    public static final String RATE_LIMITED = "rate-limited";
    public static final String WRITING_UNAVAILABLE = "writing-unavailable";

    private Problems() {
    }

    public static URI type(String name) {
        return URI.create(BASE + name);
    }

    public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(type));
        problem.setTitle(title);
        return problem;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(of(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", detail));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(of(HttpStatus.UNAUTHORIZED, UNAUTHORIZED, "Unauthorized", detail));
    }

    public static ProblemException upstreamUnavailable() {
        return new ProblemException(of(HttpStatus.SERVICE_UNAVAILABLE, UPSTREAM_UNAVAILABLE, "Upstream unavailable",
                "A Skein service needed for this request is not available; try again later."));
    }

    public static ProblemException turnTimeout() {
        return new ProblemException(of(HttpStatus.GATEWAY_TIMEOUT, TURN_TIMEOUT, "Turn timeout",
                "No reply arrived in time; the message may still be answered and stored."));
    }

    public static ProblemException turnFailed(String reason) {
        return new ProblemException(of(HttpStatus.SERVICE_UNAVAILABLE, TURN_FAILED, "Turn failed",
                reason == null || reason.isBlank() ? "The turn could not be answered." : reason));
    }
}
