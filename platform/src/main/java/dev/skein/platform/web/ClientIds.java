package dev.skein.platform.web;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Ids chosen by clients or operators (conversation and tenant ids): safe in URLs, logs
 * and Kafka keys. {@code .} and {@code ..} are refused although their characters are
 * allowed: as a path segment they are dot segments, which every proxy, client library and
 * servlet container may normalise away, so a conversation named {@code ..} could be
 * written but never read or erased again.
 */
public final class ClientIds {

    /** The message of the field error. */
    public static final String RULE = "must match [A-Za-z0-9._:-]{1,128} and must not be . or ..";

    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private ClientIds() {
    }

    public static boolean valid(@Nullable String id) {
        return id != null && ALPHABET.matcher(id).matches() && !isDotSegment(id);
    }

    /** Whether the text is a dot segment of a path ({@code .} or {@code ..}). */
    public static boolean isDotSegment(String segment) {
        return ".".equals(segment) || "..".equals(segment);
    }

}
