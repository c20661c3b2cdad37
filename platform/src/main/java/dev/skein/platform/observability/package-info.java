/**
 * What every service measures and traces the same way: the stage timers of a chat turn,
 * gauges read in the background, the trace context across the memory-service's outbox,
 * the trace id on every response, and the defaults that turn on Prometheus, Kafka and
 * HTTP observation and OTLP export.
 */
@NullMarked
package dev.skein.platform.observability;

import org.jspecify.annotations.NullMarked;
