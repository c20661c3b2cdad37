package dev.skein.retrieval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.internal.MemoryIds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A correction of a turn's text ({@code PATCH}), as the gateway sends it to the index:
 * the corrected turn at its revision ({@code memories:reindex}), then the drop of the
 * windows and summaries of the old text. A summary of the old text that the
 * memory-service recorded before the correction but that arrives after it (still in its
 * outbox, or in a batch being embedded) is never indexed, nor is the turn's own older
 * event; a summary built after the correction (its revision) is. The correction wins, as
 * a deletion does (MemoryDeletionIT), with no clock compared across services.
 */
class MemoryCorrectionIT extends AbstractRetrievalIT {

    @Test
    void aSummaryOfTheOldTextArrivingAfterTheCorrectionIsRefusedAndAFreshOneIsIndexed() throws Exception {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);
        MemoryRecorded puppy = turns.get((int) Conversations.PUPPY - 1);
        UUID message = puppy.messageIds().get(0);
        UUID neighbour = turns.get((int) Conversations.PUPPY).messageIds().get(0);
        MemoryRecorded indexedSummary = summary(List.of(message, neighbour), 4,
                "Caroline: I adopted a puppy last spring. Melanie: I finished painting the sunrise.", 0);
        indexed(indexedSummary);

        MemoryRecorded corrected = new MemoryRecorded(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, puppy.memoryId(), "turn", "user", puppy.speaker(),
                "I adopted a kitten last spring and she keeps me on my toes.", puppy.messageIds(), puppy.externalIds(),
                puppy.firstSequence(), puppy.lastSequence(), puppy.createdAt(), List.of(), List.of(), 1);
        assertThat(post(path(this.tenant, this.conversation) + "/memories:reindex", JSON.writeValueAsString(corrected))
            .status()).isEqualTo(204);
        assertThat(post(path(this.tenant, this.conversation) + "/memories:drop",
                JSON.writeValueAsString(new MemoryIds(List.of(indexedSummary.memoryId()))))
            .status()).isEqualTo(204);
        assertThat(text(puppy.memoryId())).contains("kitten");
        assertThat(chunks(indexedSummary.memoryId())).isZero();

        // late: a summary of the old text, the turn's own old event, a summary built
        // after
        // the correction, and last a window of the old text reaching further than any
        // indexed memory
        MemoryRecorded staleSummary = summary(List.of(message, neighbour), 4,
                "Caroline adopted a puppy; Melanie painted a sunrise.", 0);
        MemoryRecorded freshSummary = summary(List.of(message, neighbour), 4,
                "Caroline adopted a kitten; Melanie painted a sunrise.", 1);
        MemoryRecorded staleWindow = summary(List.of(message, neighbour), 14,
                "Caroline: I adopted a puppy last spring.", 0);
        for (MemoryRecorded late : List.of(staleSummary, puppy, freshSummary, staleWindow)) {
            publish(late);
        }
        // the refused window still moves the watermark: a search waiting for it does not
        // wait in vain
        awaitIndexedThrough(this.tenant, this.conversation, 14);

        assertThat(chunks(staleSummary.memoryId())).isZero();
        assertThat(chunks(staleWindow.memoryId())).isZero();
        assertThat(chunks(freshSummary.memoryId())).isOne();
        assertThat(text(puppy.memoryId())).contains("kitten").doesNotContain("puppy");
        Response after = search("Does Caroline have a puppy?", 20);
        assertThat(texts(after)).noneMatch(t -> t.contains("puppy"));
        assertThat(texts(after)).anyMatch(t -> t.contains("kitten"));

        // a second correction: the first one's copy arriving late (the memory-service's
        // outbox relays it too) no longer wins over it
        MemoryRecorded secondText = new MemoryRecorded(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, puppy.memoryId(), "turn", "user", puppy.speaker(),
                "I adopted a hamster last spring.", puppy.messageIds(), puppy.externalIds(), puppy.firstSequence(),
                puppy.lastSequence(), puppy.createdAt(), List.of(), List.of(), 2);
        assertThat(post(path(this.tenant, this.conversation) + "/memories:reindex", JSON.writeValueAsString(secondText))
            .status()).isEqualTo(204);
        publish(corrected);
        publish(turn(15, "Melanie", "Hamsters are cute."));
        awaitIndexedThrough(this.tenant, this.conversation, 15);
        assertThat(text(puppy.memoryId())).contains("hamster");

        // erasing the conversation takes the corrections with it
        assertThat(corrections()).isOne();
        assertThat(delete(path(this.tenant, this.conversation) + "?conversationUid=" + this.conversationUid).status())
            .isEqualTo(204);
        assertThat(corrections()).isZero();
    }

    private MemoryRecorded summary(List<UUID> messageIds, long lastSequence, String text, long revision) {
        return new MemoryRecorded(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, UUID.randomUUID(), "summary", null, null, text, messageIds,
                List.of("S:" + UUID.randomUUID()), 1, lastSequence, Instant.parse("2023-05-08T14:10:00Z"), List.of(),
                List.of(), revision);
    }

    private String text(UUID memoryId) {
        return this.jdbc.sql("SELECT text FROM memory_chunks WHERE memory_id = :id")
            .param("id", memoryId)
            .query(String.class)
            .single();
    }

    private long corrections() {
        return this.jdbc.sql("SELECT count(*) FROM corrected_messages WHERE conversation_uid = :uid")
            .param("uid", this.conversationUid)
            .query(Long.class)
            .single();
    }

}
