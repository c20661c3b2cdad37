package dev.skein.platform.web;

import java.util.List;

/**
 * Bad input: answered with 400 {@code validation} naming every offending field. Changes
 * nothing.
 */
public class ValidationException extends RuntimeException {

    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(summary(errors), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public ValidationException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return this.errors;
    }

    static String summary(List<FieldError> errors) {
        return errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid";
    }

}
