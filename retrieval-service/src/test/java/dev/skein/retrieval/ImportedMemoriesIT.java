package dev.skein.retrieval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.skein.contracts.EventJson;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.Topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An import's memories come on a topic of their own, indexed beside the chats' new turns;
 * the index is not through an announced import until its memories are indexed.
 */
class ImportedMemoriesIT extends AbstractRetrievalIT {

    @Test
    void aChatsNewTurnIsIndexedWhileAnImportOnTheSamePartitionIsStillBeingIndexed() {
        int importSize = 300;
        List<MemoryRecorded> imported = new ArrayList<>();
        for (int sequence = 1; sequence <= importSize; sequence++) {
            imported.add(turn(sequence, sequence % 2 == 0 ? "Caroline" : "Melanie",
                    "Imported message " + sequence + " about the garden, the lake and the weekend."));
        }
        imported.forEach(this::publishImported);
        // another conversation's new turn, after the whole import on the one partition
        String chat = "conv-" + UUID.randomUUID();
        MemoryRecorded turn = turn(this.tenant, chat, UUID.randomUUID(), 1, "Melanie", "I adopted a puppy today!");
        publish(turn);

        await().atMost(Duration.ofSeconds(60)).until(() -> chunks(turn.memoryId()) == 1);
        long importedWhenTheTurnWas = importedChunks();
        awaitIndexedThrough(this.tenant, this.conversation, importSize);

        assertThat(importedWhenTheTurnWas).as("the import's memories indexed when the chat's turn was")
            .isLessThan(importSize);
        assertThat(importedChunks()).isEqualTo(importSize);
    }

    @Test
    void theIndexIsNotThroughAnAnnouncedImportUntilItsMemoriesAreIndexed() {
        index(List.of(turn(1, "Melanie", "Hi Caroline!"), turn(2, "Caroline", "Hi! How was the lake?"),
                turn(3, "Melanie", "Cold, but the kids loved it.")));
        // an import of 4 to 6 is announced; a turn after it is indexed first
        publish(MemoryRecorded.imported(Instant.now(), this.tenant, this.conversation, this.conversationUid, 4, 6));
        MemoryRecorded after = turn(7, "Caroline", "Did you go swimming?");
        publish(after);
        await().atMost(Duration.ofSeconds(60)).until(() -> chunks(after.memoryId()) == 1);

        assertThat(indexedThrough()).as("through the turns before the import only").isEqualTo(3);

        List<MemoryRecorded> imported = List.of(turn(4, "Melanie", "We went in June."),
                turn(5, "Caroline", "Was it warm?"), turn(6, "Melanie", "Not at all."));
        imported.forEach(this::publishImported);
        awaitIndexedThrough(this.tenant, this.conversation, 7);
        assertThat(imported).allSatisfy(memory -> assertThat(chunks(memory.memoryId())).isEqualTo(1));
        assertThat(chunks(after.memoryId())).isEqualTo(1);
    }

    @Test
    void anImportIndexedBeforeItsAnnouncementIsNotWaitedFor() {
        List<MemoryRecorded> imported = List.of(turn(1, "Melanie", "We went in June."),
                turn(2, "Caroline", "Was it warm?"));
        imported.forEach(this::publishImported);
        awaitIndexedThrough(this.tenant, this.conversation, 2);

        publish(MemoryRecorded.imported(Instant.now(), this.tenant, this.conversation, this.conversationUid, 1, 2));
        MemoryRecorded after = turn(3, "Caroline", "Did you go swimming?");
        publish(after);
        await().atMost(Duration.ofSeconds(60)).until(() -> chunks(after.memoryId()) == 1);

        assertThat(indexedThrough()).isEqualTo(3);
    }

    private long indexedThrough() {
        return get(indexPath(this.tenant, this.conversation)).body().get("indexedThrough").asLong();
    }

    private long importedChunks() {
        return this.jdbc.sql("SELECT count(*) FROM memory_chunks WHERE conversation_uid = :uid")
            .param("uid", this.conversationUid)
            .query(Long.class)
            .single();
    }

    private void publishImported(MemoryRecorded memory) {
        try {
            this.kafka
                .send(KafkaEvents.record(Topics.MEMORY_IMPORTED, memory.conversationId(), EventJson.write(memory),
                        null))
                .get();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

}
