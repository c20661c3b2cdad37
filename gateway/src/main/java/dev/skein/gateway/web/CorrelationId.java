package dev.skein.gateway.web;

import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.MDC;

/** The id that ties one request's log lines, upstream calls and Kafka events together. */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";

    public static final String MDC_KEY = "correlationId";

    // A client-chosen id lands in logs and headers: accept only harmless characters.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationId() {
    }

    /** The correlation id of the current request thread, or null outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    static String acceptOrCreate(String offered) {
        return offered != null && SAFE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }
}
