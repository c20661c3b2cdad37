/** The correlation id across HTTP requests, Kafka records and log lines. */
@NullMarked
package dev.skein.platform.correlation;

import org.jspecify.annotations.NullMarked;
