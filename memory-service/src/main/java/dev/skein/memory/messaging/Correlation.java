package dev.skein.memory.messaging;

import org.slf4j.MDC;

/** The request's correlation id in the logging context while one record is handled. */
final class Correlation {

    static final String MDC_KEY = "correlationId";

    private Correlation() {
    }

    static MDC.MDCCloseable open(String correlationId) {
        return MDC.putCloseable(MDC_KEY, correlationId == null ? "" : correlationId);
    }
}
