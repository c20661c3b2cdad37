package dev.skein.retrieval;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.MemoryRecorded;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code memories:reindex}: a corrected memory is re-embedded and replaces its chunk
 * before the answer, so the next search finds the new text and never the old.
 */
class MemoryReindexIT extends AbstractRetrievalIT {

    @Test
    void aCorrectedTurnIsSearchableByItsNewTextAtOnceAndItsOldTextIsGone() throws Exception {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);
        MemoryRecorded puppy = turns.get((int) Conversations.PUPPY - 1);
        assertThat(texts(search("Does Caroline have a puppy?", 3))).anyMatch(t -> t.contains("adopted a puppy"));
        MemoryRecorded corrected = new MemoryRecorded(UUID.randomUUID(), Instant.now(), puppy.tenantId(),
                puppy.conversationId(), puppy.conversationUid(), puppy.memoryId(), "turn", puppy.role(),
                puppy.speaker(), "I adopted a kitten called Pretzel last spring.", puppy.messageIds(),
                puppy.externalIds(), puppy.firstSequence(), puppy.lastSequence(), puppy.createdAt(), List.of("kitten"),
                List.of());

        Response answer = post(path(this.tenant, this.conversation) + "/memories:reindex",
                JSON.writeValueAsString(corrected));

        assertThat(answer.status()).isEqualTo(204);
        List<String> found = texts(search("Does Caroline have a kitten called Pretzel?", 3));
        assertThat(found.get(0)).contains("kitten called Pretzel");
        assertThat(texts(search("Does Caroline have a puppy?", 12))).noneMatch(t -> t.contains("adopted a puppy"));
        assertThat(this.jdbc.sql("SELECT count(*) FROM memory_chunks WHERE memory_id = :id")
            .param("id", puppy.memoryId())
            .query(Long.class)
            .single()).isEqualTo(1);
    }

    @Test
    void aMemoryOfAnotherTenantOrConversationIsRefused() throws Exception {
        MemoryRecorded other = turn("tenant-" + UUID.randomUUID(), this.conversation, this.conversationUid, 1, "Mel",
                "Someone else's memory.");

        Response answer = post(path(this.tenant, this.conversation) + "/memories:reindex",
                JSON.writeValueAsString(other));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(this.jdbc.sql("SELECT count(*) FROM memory_chunks WHERE memory_id = :id")
            .param("id", other.memoryId())
            .query(Long.class)
            .single()).isZero();
    }

}
