package dev.skein.retrieval.indexing;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.skein.contracts.EventJson;
import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.Topics;
import dev.skein.retrieval.messaging.Correlation;

/** Indexes memory chunks as the memory-service records them, a poll's batch at a time. */
@Component
class MemoryRecordedListener {

    private static final Logger log = LoggerFactory.getLogger(MemoryRecordedListener.class);

    private final MemoryIndexer indexer;

    MemoryRecordedListener(MemoryIndexer indexer) {
        this.indexer = indexer;
    }

    // Its own listener container: a bulk import being indexed never delays the recall of a turn.
    @KafkaListener(topics = Topics.MEMORY_RECORDED, batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        List<MemoryRecorded> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try (Correlation correlation = Correlation.of(record)) {
                events.add(EventJson.read(record.value(), MemoryRecorded.class));
            }
            catch (RuntimeException ex) {
                // A malformed record would fail forever: skip it rather than block the partition.
                log.error("Skipped malformed {} at {}-{}@{}", MemoryRecorded.class.getSimpleName(), record.topic(),
                        record.partition(), record.offset(), ex);
            }
        }
        int added = this.indexer.index(events);
        log.debug("Indexed {} new of {} memory events", added, records.size());
    }
}
