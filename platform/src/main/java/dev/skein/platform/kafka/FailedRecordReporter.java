package dev.skein.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Told about a record the error policy gives up on, before it is parked on the
 * dead-letter topic: a service uses it to answer whoever waits for the record's outcome
 * (a client waiting for a turn). Its value is the event, or null when the record could
 * not be read.
 */
@FunctionalInterface
public interface FailedRecordReporter {

    void report(ConsumerRecord<?, ?> record, Exception failure);

}
