package dev.skein.memory.outbox;

/**
 * An event as the outbox stores it: serialized, with its topic and key, and the
 * correlation and trace it continues (the relay publishes it on another thread).
 */
record OutboxRow(String topic, String key, String payload, String correlationId, String traceParent) {
}
