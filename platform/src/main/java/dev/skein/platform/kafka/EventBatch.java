package dev.skein.platform.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * The events of a batch listener's poll, up to the first record that could not be read
 * (records of erased conversations are left out). The listener handles {@link #events()}
 * and then calls {@link #rejectUnreadable()}: the error policy parks the unreadable
 * record and delivers the rest of the batch again, so nothing before it is handled twice
 * and nothing after it is lost.
 */
public final class EventBatch<T> {

    private final List<T> events;

    private final int unreadableIndex;

    private final List<? extends ConsumerRecord<?, ?>> records;

    private EventBatch(List<T> events, int unreadableIndex, List<? extends ConsumerRecord<?, ?>> records) {
        this.events = events;
        this.unreadableIndex = unreadableIndex;
        this.records = records;
    }

    public static <T> EventBatch<T> of(List<? extends ConsumerRecord<?, ?>> records, Class<T> type) {
        List<T> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() instanceof ErasedEvent) {
                // its conversation was erased: nothing to handle, nothing to park
                continue;
            }
            if (!type.isInstance(records.get(i).value())) {
                return new EventBatch<>(events, i, records);
            }
            events.add(type.cast(records.get(i).value()));
        }
        return new EventBatch<>(events, -1, records);
    }

    public List<T> events() {
        return this.events;
    }

    /**
     * Hands the first unreadable record, if any, to the error policy (after the events
     * before it were handled).
     */
    public void rejectUnreadable() {
        if (this.unreadableIndex >= 0) {
            ConsumerRecord<?, ?> record = this.records.get(this.unreadableIndex);
            throw new BatchListenerFailedException(
                    "Unreadable record " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                    new UnreadableRecordException(), this.unreadableIndex);
        }
    }

    /**
     * The cause the error policy sees for an unreadable record of a batch: parked without
     * retries.
     */
    static final class UnreadableRecordException extends RuntimeException {

        UnreadableRecordException() {
            super("The record is not a readable event of its topic", null, false, false);
        }

    }

}
