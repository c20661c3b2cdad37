package dev.skein.platform.web;

import java.net.URI;
import java.sql.SQLException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place in every service where errors become RFC 9457 problems with the types of
 * {@link Problems}. Unexpected exceptions are logged under the correlation id and
 * answered without internals: a 500 never says what failed.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> onProblem(ProblemException ex) {
        ProblemDetail problem = ex.problem();
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus());
        if (problem.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        String retryAfter = ex.retryAfterSeconds();
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(problem);
    }

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<ProblemDetail> onValidation(ValidationException ex) {
        return ResponseEntity.badRequest().body(validationProblem(ex.errors()));
    }

    /**
     * The database refused a write because of the request: a rule of the stored data (a
     * unique key another request took first) or a value it cannot hold. That is the
     * client's to fix or to re-read, never an outage to retry: 409 or 400, not a 5xx. The
     * drivers are set up to keep values out of exception messages
     * ({@code logServerErrorDetail=false}), so the log line holds no content.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> onRefusedByDatabase(DataIntegrityViolationException ex) {
        log.warn("The database refused a write of this request: {}", ex.getMostSpecificCause().getMessage());
        if (ex instanceof DuplicateKeyException || sqlStateClass(ex).equals("23")) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Conflict",
                        "The request conflicts with what is stored (e.g. a unique id written at the same time); "
                                + "read the current state before trying again."));
        }
        return ResponseEntity.badRequest()
            .body(validationProblem(List.of(new FieldError("body", "holds a value the database cannot store"))));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> onUnexpected(Exception ex) {
        log.error("Unexpected error", ex);
        return ResponseEntity.internalServerError()
            .body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL, "Internal error",
                    "The request could not be processed."));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult()
            .getFieldErrors()
            .stream()
            .map(error -> new FieldError(error.getField(), String.valueOf(error.getDefaultMessage())))
            .sorted((a, b) -> a.field().compareTo(b.field()))
            .toList();
        return handleExceptionInternal(ex, validationProblem(errors), headers, status, request);
    }

    /** A query parameter or path variable of the wrong type, named like a field. */
    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = ex.getPropertyName() != null ? ex.getPropertyName() : "request";
        return handleExceptionInternal(ex, validationProblem(List.of(new FieldError(field, "has the wrong type"))),
                headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        if (causeOf(ex, PayloadTooLargeException.class) != null) {
            problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "Payload too large",
                    "The request body is too large.");
        }
        else if (causeOf(ex, DatabindException.class) instanceof DatabindException mismatch
                && !mismatch.getPath().isEmpty()) {
            // Well-formed JSON with a value of the wrong type: name the field like any
            // validation error.
            problem = validationProblem(List.of(new FieldError(path(mismatch), "has the wrong type")));
        }
        else {
            // Jackson's own message would echo class names: say what is wrong in general
            // terms.
            problem = Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST, "Malformed request",
                    "The request body is missing or is not valid JSON.");
        }
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /**
     * Spring MVC's own errors (404 of an unknown path, 405, 415...) with Skein's type
     * URIs.
     */
    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        // Spring MVC passes no body for most of its own errors and takes the exception's
        // later
        if (body == null && ex instanceof ErrorResponse error) {
            body = error.getBody();
        }
        // Spring 7 leaves the type unset (null) where older versions wrote about:blank.
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
            String type = Problems.typeOf(statusCode);
            if (type != null) {
                problem.setType(Problems.type(type));
            }
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    public static ProblemDetail validationProblem(List<FieldError> errors) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid request",
                errors.isEmpty() ? "Invalid request content." : ValidationException.summary(errors));
        problem.setProperty("errors", errors);
        return problem;
    }

    private static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    private static String sqlStateClass(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2) {
                return sql.getSQLState().substring(0, 2);
            }
        }
        return "";
    }

    private static @Nullable Throwable causeOf(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
        }
        return null;
    }

}
