package dev.skein.retrieval.indexing;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.Topics;
import dev.skein.platform.kafka.EventBatch;

/**
 * Indexes memory chunks as the memory-service records them, a poll's batch at a time.
 * Each topic has its own listener container, so its own consumer thread: a bulk import
 * being indexed never delays the recall of a turn, nor the indexing of the chats' new
 * turns.
 */
@Component
class MemoryRecordedListener {

    private final MemoryIndexer indexer;

    MemoryRecordedListener(MemoryIndexer indexer) {
        this.indexer = indexer;
    }

    /** The chats' memories (turns, windows, summaries) and the imports' announcements. */
    @KafkaListener(topics = Topics.MEMORY_RECORDED, batch = "true")
    void on(List<ConsumerRecord<String, Object>> records) {
        index(records, false);
    }

    /** An import's memories. */
    @KafkaListener(topics = Topics.MEMORY_IMPORTED, batch = "true")
    void onImported(List<ConsumerRecord<String, Object>> records) {
        index(records, true);
    }

    private void index(List<ConsumerRecord<String, Object>> records, boolean imported) {
        EventBatch<MemoryRecorded> batch = EventBatch.of(records, MemoryRecorded.class);
        this.indexer.index(batch.events(), imported);
        batch.rejectUnreadable();
    }

}
