/**
 * The events the services exchange over Kafka, their topics and their one JSON wire
 * format. Plain Java: no Spring. Everything is non-null unless marked {@code @Nullable}:
 * the marks say which fields a producer leaves out on purpose. Consumers still read the
 * wire defensively, since an older or foreign producer may send less.
 */
@NullMarked
package dev.skein.contracts;

import org.jspecify.annotations.NullMarked;
