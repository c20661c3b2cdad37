package dev.skein.retrieval.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

import dev.skein.contracts.KafkaEvents;

/** Puts a record's correlation id into the logging context while the record is handled. */
public final class Correlation implements AutoCloseable {

    public static final String MDC_KEY = "correlationId";

    private final String id;

    private Correlation(String id) {
        this.id = id;
        if (id != null) {
            MDC.put(MDC_KEY, id);
        }
    }

    public static Correlation of(ConsumerRecord<?, ?> record) {
        return new Correlation(KafkaEvents.correlationId(record));
    }

    /** The id to pass on to every event produced while handling the record (may be null). */
    public String id() {
        return this.id;
    }

    @Override
    public void close() {
        MDC.remove(MDC_KEY);
    }
}
