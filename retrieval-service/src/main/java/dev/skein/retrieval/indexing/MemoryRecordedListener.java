package dev.skein.retrieval.indexing;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.Topics;
import dev.skein.platform.kafka.EventBatch;

/** Indexes memory chunks as the memory-service records them, a poll's batch at a time. */
@Component
class MemoryRecordedListener {

    private final MemoryIndexer indexer;

    MemoryRecordedListener(MemoryIndexer indexer) {
        this.indexer = indexer;
    }

    // Its own listener container: a bulk import being indexed never delays the recall of
    // a turn.
    @KafkaListener(topics = Topics.MEMORY_RECORDED, batch = "true")
    void on(List<ConsumerRecord<String, Object>> records) {
        EventBatch<MemoryRecorded> batch = EventBatch.of(records, MemoryRecorded.class);
        this.indexer.index(batch.events());
        batch.rejectUnreadable();
    }

}
