package dev.skein.platform.web;

/**
 * One entry of the {@code errors} list of a validation problem, e.g.
 * {@code messages[3].role}.
 */
public record FieldError(String field, String message) {
}
