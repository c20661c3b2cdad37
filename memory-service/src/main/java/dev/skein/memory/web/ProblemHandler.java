package dev.skein.memory.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.skein.memory.stream.ConversationNotFoundException;
import dev.skein.memory.stream.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 {@code application/problem+json} with a stable type URI. A 500 says
 * nothing about its cause: the details go to the log.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    static final String BASE = "https://skein.dev/problems/";

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException ex) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                ex.violations().size() + " invalid field(s)");
        List<Map<String, String>> errors = ex.violations().stream()
                .map(v -> Map.of("field", v.field(), "message", v.message()))
                .toList();
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(ConversationNotFoundException.class)
    ProblemDetail notFound(ConversationNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        log.error("Request failed", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The request could not be completed");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // Jackson's message would echo our class names; say what is wrong in general terms
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-request",
                "Malformed request", "The request body is not valid JSON of the expected shape"));
    }

    /** Spring MVC's own errors (404 of an unknown path, 405, 415...) with our type URIs. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            problem.setType(URI.create(BASE + typeOf(status)));
        }
        return super.handleExceptionInternal(ex, body, headers, status, request);
    }

    private static String typeOf(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "malformed-request";
            case 404 -> "not-found";
            case 413 -> "payload-too-large";
            default -> status.is5xxServerError() ? "internal" : "malformed-request";
        };
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
