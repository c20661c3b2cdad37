package dev.skein.platform.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The one catalogue of Skein's problem types (RFC 9457), all under one base URI. Every
 * service answers with these, so a 400 means the same thing wherever it comes from.
 */
public final class Problems {

    public static final String BASE = "https://skein.dev/problems/";

    /** A well-formed request with invalid values; {@code errors} names each field. */
    public static final String VALIDATION = "validation";

    /**
     * A body that is not JSON of the expected shape, or a request Spring MVC cannot map.
     */
    public static final String MALFORMED_REQUEST = "malformed-request";

    public static final String NOT_FOUND = "not-found";

    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";

    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";

    /** The client accepts no media type the resource can be answered in. */
    public static final String NOT_ACCEPTABLE = "not-acceptable";

    public static final String UNAUTHORIZED = "unauthorized";

    /** A valid credential that does not reach this resource (another tenant's data). */
    public static final String FORBIDDEN = "forbidden";

    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";

    public static final String RATE_LIMITED = "rate-limited";

    public static final String TURN_TIMEOUT = "turn-timeout";

    /**
     * The instance has as much work in flight as it takes; {@code Retry-After} says when
     * to try again (another instance may take it now).
     */
    public static final String OVERLOADED = "overloaded";

    public static final String TURN_FAILED = "turn-failed";

    /** The work took longer than its deadline and was stopped; nothing was kept. */
    public static final String DEADLINE_EXCEEDED = "deadline-exceeded";

    public static final String WRITING_UNAVAILABLE = "writing-unavailable";

    /**
     * The request clashes with what is stored: it names something that exists already
     * with other content (an external id of another message; {@code errors} names the
     * field), or a rule of the data (a unique key another request took first) refused the
     * write.
     */
    public static final String CONFLICT = "conflict";

    /**
     * An {@code Idempotency-Key} sent again with a request that asks for something else.
     */
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused";

    /** A Skein service behind this one is down or failed; says nothing more. */
    public static final String UPSTREAM_UNAVAILABLE = "upstream-unavailable";

    /** An unexpected failure; its cause is in the log, never in the response. */
    public static final String INTERNAL = "internal";

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

    /**
     * The type of a problem that Spring MVC raised itself (unknown path, wrong
     * method...).
     */
    static @Nullable String typeOf(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> MALFORMED_REQUEST;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            // a request the container or Spring MVC refused for a reason of its own
            default -> status.is5xxServerError() ? INTERNAL : status.is4xxClientError() ? MALFORMED_REQUEST : null;
        };
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

    /**
     * 503 with {@code Retry-After}: this instance is at its bound of work in flight and
     * queues nothing.
     */
    public static ProblemException overloaded(String detail, Duration retryAfter) {
        return new ProblemException(of(HttpStatus.SERVICE_UNAVAILABLE, OVERLOADED, "Overloaded", detail), null,
                retryAfter);
    }

    /**
     * 409: what the request names is stored already with other content.
     * @param errors each conflicting field, e.g. {@code externalId}
     */
    public static ProblemException conflict(String detail, List<FieldError> errors) {
        ProblemDetail problem = of(HttpStatus.CONFLICT, CONFLICT, "Conflict", detail);
        problem.setProperty("errors", errors);
        return new ProblemException(problem);
    }

    public static ProblemException turnFailed(@Nullable String reason) {
        return new ProblemException(of(HttpStatus.SERVICE_UNAVAILABLE, TURN_FAILED, "Turn failed",
                reason == null || reason.isBlank() ? "The turn could not be answered." : reason));
    }

}
