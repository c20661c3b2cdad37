package dev.skein.platform.kafka;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.BatchListenerFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBatchTests {

    @Test
    void aReadableBatchIsAllEvents() {
        EventBatch<String> batch = EventBatch.of(List.of(record(0, "a"), record(1, "b")), String.class);
        assertThat(batch.events()).containsExactly("a", "b");
        batch.rejectUnreadable();
    }

    @Test
    void eventsStopBeforeTheFirstUnreadableRecordWhichIsThenRejectedByIndex() {
        EventBatch<String> batch = EventBatch.of(List.of(record(0, "a"), record(1, null), record(2, "c")),
                String.class);
        assertThat(batch.events()).containsExactly("a");
        assertThatThrownBy(batch::rejectUnreadable).isInstanceOfSatisfying(BatchListenerFailedException.class, ex -> {
            assertThat(ex.getIndex()).isEqualTo(1);
            assertThat(ex.getCause()).isInstanceOf(EventBatch.UnreadableRecordException.class);
        });
    }

    private static ConsumerRecord<String, Object> record(long offset, Object value) {
        return new ConsumerRecord<>("topic", 0, offset, "key", value);
    }

}
