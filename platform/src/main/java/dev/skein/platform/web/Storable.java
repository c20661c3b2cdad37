package dev.skein.platform.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Values PostgreSQL stores exactly as they were sent. A {@code text} or {@code jsonb}
 * value cannot hold U+0000 (NUL): the database refuses the whole statement. An unpaired
 * surrogate is not Unicode at all: it would be stored as "?". A {@code timestamptz} ends
 * in the year 294276. Such values are refused with a 400 naming the field rather than
 * stripped or clamped, so that what is stored is what the client sent, and a request that
 * cannot succeed is never retried as if the database were down.
 */
public final class Storable {

    public static final String TEXT_RULE = "must not contain NUL (U+0000) or unpaired surrogates";

    public static final String JSON_NUMBER_RULE = "must hold only finite numbers";

    public static final String INSTANT_RULE = "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Storable() {
    }

    /** Whether the text can be stored as sent; null (absent) can. */
    public static boolean text(@Nullable String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
            else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the instant lies in the years 1 to 9999, which every client library, JSON
     * encoder and the database agree on; null (absent) does.
     */
    public static boolean instant(@Nullable Instant instant) {
        return instant == null || (!instant.isBefore(FIRST) && !instant.isAfter(LAST));
    }

    /** Adds an error naming {@code field} when the text cannot be stored as sent. */
    public static void checkText(@Nullable String text, String field, List<FieldError> errors) {
        if (!text(text)) {
            errors.add(new FieldError(field, TEXT_RULE));
        }
    }

    /**
     * Adds an error naming {@code field} when a JSON value (such as a message's
     * {@code metadata}, stored as {@code jsonb}) holds, at any depth, a key or string
     * that cannot be stored, or a number that is not finite (JSON has no Infinity: it
     * would come back as a string).
     */
    public static void checkJson(@Nullable Object value, String field, List<FieldError> errors) {
        String problem = problemIn(value);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
    }

    private static @Nullable String problemIn(@Nullable Object value) {
        if (value instanceof String text) {
            return text(text) ? null : TEXT_RULE;
        }
        if (value instanceof Double number && !Double.isFinite(number)
                || value instanceof Float small && !Float.isFinite(small)) {
            return JSON_NUMBER_RULE;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String problem = entry.getKey() instanceof String key && !text(key) ? TEXT_RULE
                        : problemIn(entry.getValue());
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                String problem = problemIn(item);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

}
