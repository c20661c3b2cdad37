package dev.skein.gateway.web;

import java.util.List;

/** Bad input: answered with 400 {@code validation} naming every offending field. */
public class ValidationException extends RuntimeException {

    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super("Invalid request", null, false, false);
        this.errors = List.copyOf(errors);
    }

    public ValidationException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return this.errors;
    }
}
