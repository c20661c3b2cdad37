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
 * {@code memories:drop} of a deleted turn: its chunk and every chunk holding it go at
 * once, and a window or summary holding it that the memory-service recorded before the
 * deletion but that arrives after the drop (still in its outbox, or in a batch being
 * embedded) is never indexed: the deletion wins. Issue 13: such a summary came back and
 * listed the deleted turn.
 */
class MemoryDeletionIT extends AbstractRetrievalIT {

    @Test
    void aDeletedTurnAndEverySummaryHoldingItAreGoneAndALateOneIsRefused() throws Exception {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);
        MemoryRecorded puppy = turns.get((int) Conversations.PUPPY - 1);
        UUID message = puppy.messageIds().get(0);
        MemoryRecorded neighbour = turns.get((int) Conversations.PUPPY);
        // an older version of a summary that the memory-service no longer lists for the
        // turn
        MemoryRecorded indexedSummary = summary(List.of(message, neighbour.messageIds().get(0)),
                List.of("D1:3", "D1:4"),
                "Caroline: I adopted a puppy last spring. Melanie: I finished painting the sunrise.");
        indexed(indexedSummary);
        assertThat(texts(search("Does Caroline have a puppy?", 12))).anyMatch(t -> t.contains("adopted a puppy"));

        Response dropped = post(path(this.tenant, this.conversation) + "/memories:drop", JSON
            .writeValueAsString(new MemoryIds(List.of(puppy.memoryId()), this.conversationUid, List.of(message))));

        assertThat(dropped.status()).isEqualTo(204);
        assertThat(chunks(puppy.memoryId())).isZero();
        assertThat(chunks(indexedSummary.memoryId())).isZero();
        assertThat(texts(search("Does Caroline have a puppy?", 12))).noneMatch(t -> t.contains("adopted a puppy"));

        // late: a summary rolled up before the deletion, the turn's own event again, and
        // a window that does not hold the turn
        MemoryRecorded lateSummary = summary(List.of(message, neighbour.messageIds().get(0)), List.of("D1:3", "D1:4"),
                "Caroline adopted a puppy; Melanie painted a sunrise.");
        MemoryRecorded otherWindow = summary(List.of(neighbour.messageIds().get(0)), List.of("D1:4"),
                "Melanie: I finally finished painting the sunrise over the lake.");
        MemoryRecorded next = turn(13, "Caroline", "The cafe downtown sounds lovely.");
        index(List.of(lateSummary, puppy, otherWindow, next));

        assertThat(chunks(lateSummary.memoryId())).isZero();
        assertThat(chunks(puppy.memoryId())).isZero();
        assertThat(chunks(otherWindow.memoryId())).isOne();
        assertThat(chunks(next.memoryId())).isOne();
        Response after = search("Does Caroline have a puppy?", 20);
        assertThat(texts(after)).noneMatch(t -> t.contains("puppy"));
        assertThat(after.body().toString()).doesNotContain(puppy.memoryId().toString())
            .doesNotContain("\"D1:" + Conversations.PUPPY + "\"");

        // erasing the conversation takes its tombstones with it
        assertThat(delete(path(this.tenant, this.conversation) + "?conversationUid=" + this.conversationUid).status())
            .isEqualTo(204);
        assertThat(this.jdbc.sql("SELECT count(*) FROM deleted_messages WHERE conversation_uid = :uid")
            .param("uid", this.conversationUid)
            .query(Long.class)
            .single()).isZero();
    }

    @Test
    void droppingMemoriesWithoutADeletedMessageRemembersNothing() throws Exception {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);
        MemoryRecorded window = summary(List.of(turns.get(0).messageIds().get(0)), List.of("D1:1"),
                "Caroline: Hey Mel, how was your weekend?");
        indexed(window);

        Response dropped = post(path(this.tenant, this.conversation) + "/memories:drop",
                JSON.writeValueAsString(new MemoryIds(List.of(window.memoryId()))));

        assertThat(dropped.status()).isEqualTo(204);
        assertThat(chunks(window.memoryId())).isZero();
        assertThat(chunks(turns.get(0).memoryId())).isOne();
        assertThat(this.jdbc.sql("SELECT count(*) FROM deleted_messages WHERE conversation_uid = :uid")
            .param("uid", this.conversationUid)
            .query(Long.class)
            .single()).isZero();
    }

    /** A summary of turns 1 to 4 holding the messages. */
    private MemoryRecorded summary(List<UUID> messageIds, List<String> externalIds, String text) {
        return new MemoryRecorded(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, UUID.randomUUID(), "summary", null, null, text, messageIds, externalIds, 1, 4,
                Instant.parse("2023-05-08T14:10:00Z"), List.of(), List.of());
    }

}
