package dev.skein.platform.correlation;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.skein.contracts.Topics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The id that ties one request's log lines, internal calls and Kafka events together:
 * taken from the client's {@code X-Correlation-Id} by the gateway, carried in an HTTP
 * header between services and in a Kafka header on every event, and kept in the logging
 * context (MDC) of the thread that works on it. Publishing and internal calls read it
 * from there, so no code passes it by hand.
 */
public final class Correlation {

    public static final String HTTP_HEADER = "X-Correlation-Id";

    public static final String KAFKA_HEADER = Topics.CORRELATION_HEADER;

    public static final String MDC_KEY = "correlationId";

    // A client-chosen id lands in logs and headers: accept only harmless characters.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Correlation() {
    }

    /**
     * The correlation id of the work on this thread, or null outside a request or record.
     */
    public static @Nullable String current() {
        return MDC.get(MDC_KEY);
    }

    /**
     * Puts {@code id} into the logging context until the returned scope is closed (no-op
     * for null).
     */
    public static Scope open(@Nullable String id) {
        if (id == null || id.isEmpty()) {
            return () -> {
            };
        }
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        return () -> {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            }
            else {
                MDC.put(MDC_KEY, previous);
            }
        };
    }

    /** A client's id when it is harmless, else a new one. */
    public static String acceptOrCreate(@Nullable String offered) {
        return offered != null && SAFE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    /**
     * A caller's id when it is harmless, else null (an internal service never invents
     * one).
     */
    public static @Nullable String acceptOrNull(@Nullable String offered) {
        return offered != null && SAFE.matcher(offered).matches() ? offered : null;
    }

    public static @Nullable String of(Headers headers) {
        Header header = headers.lastHeader(KAFKA_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * The logging context of one request or record; closing it restores what was there.
     */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {

        @Override
        void close();

    }

}
