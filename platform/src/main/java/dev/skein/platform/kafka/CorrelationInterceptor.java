package dev.skein.platform.kafka;

import dev.skein.platform.correlation.Correlation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Puts each record's correlation id into the logging context while its listener runs, so
 * the listener's log lines and the events it publishes carry it without passing it by
 * hand. A record of an erased conversation ({@link ErasedEvent}) is skipped here, before
 * any record listener.
 */
class CorrelationInterceptor implements RecordInterceptor<Object, Object> {

    @Override
    public @Nullable ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
            Consumer<Object, Object> consumer) {
        if (record.value() instanceof ErasedEvent) {
            // its conversation was erased (logged and counted when it was read): skipped,
            // never retried, never parked
            return null;
        }
        String id = Correlation.of(record.headers());
        if (id != null) {
            MDC.put(Correlation.MDC_KEY, id);
        }
        else {
            MDC.remove(Correlation.MDC_KEY);
        }
        return record;
    }

    @Override
    public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        MDC.remove(Correlation.MDC_KEY);
    }

}
