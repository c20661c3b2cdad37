/** What the services' tests read of their Kafka listeners. */
@NullMarked
package dev.skein.testsupport.kafka;

import org.jspecify.annotations.NullMarked;
