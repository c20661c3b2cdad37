package dev.skein.retrieval;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.pgvector.PGvector;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.skein.contracts.MemoryRecorded;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A memory delivered again as it is indexed keeps its stored vector without the model
 * (the upsert would not write a new one); one that changed is embedded again.
 */
class RedeliveryIT extends AbstractRetrievalIT {

    @Autowired
    private MeterRegistry meters;

    @Test
    void aRedeliveredMemoryIsNotEmbeddedAgainAndAChangedOneIs() throws Exception {
        MemoryRecorded first = turn(1, "Caroline", "Good morning! How was the trip?");
        MemoryRecorded second = turn(2, "Melanie", "Long, but the mountains were worth every hour of it.");
        index(List.of(first, second));
        float[] stored = embedding(second.memoryId());
        long embedded = embeddings();

        index(List.of(again(second, second.keyPhrases()), turn(3, "Caroline", "Which mountains did you see?")));

        assertThat(embeddings() - embedded).as("only the new turn").isEqualTo(1);
        assertThat(embedding(second.memoryId())).containsExactly(stored);

        embedded = embeddings();
        index(List.of(again(second, List.of("mountains")), turn(4, "Melanie", "The Dolomites, mostly.")));

        assertThat(embeddings() - embedded).as("the changed memory and the new turn").isEqualTo(2);
        assertThat(embedding(second.memoryId())).isNotEqualTo(stored);
    }

    private static MemoryRecorded again(MemoryRecorded memory, List<String> keyPhrases) {
        return new MemoryRecorded(UUID.randomUUID(), Instant.now(), memory.tenantId(), memory.conversationId(),
                memory.conversationUid(), memory.memoryId(), memory.kind(), memory.role(), memory.speaker(),
                memory.text(), memory.messageIds(), memory.externalIds(), memory.firstSequence(), memory.lastSequence(),
                memory.createdAt(), keyPhrases, memory.supersedes());
    }

    private long embeddings() {
        return this.meters.get("skein.embedding").timer().count();
    }

    private float[] embedding(UUID memoryId) throws Exception {
        return new PGvector(this.jdbc.sql("SELECT embedding::text FROM memory_chunks WHERE memory_id = :id")
            .param("id", memoryId)
            .query(String.class)
            .single()).toArray();
    }

}
