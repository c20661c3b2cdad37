package dev.skein.memory.stream;

/** One reason an input was rejected; {@code field} is a JSON path such as {@code messages[3].role}. */
public record Violation(String field, String message) {
}
