package dev.skein.retrieval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.skein.contracts.ConversationErased;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ErasureIT extends AbstractRetrievalIT {

    @Test
    void erasedConversationIsGoneAndItsLateEventsAreDropped() {
        index(Conversations.twelveTurns(this::turn));

        Response erased = delete(path(this.tenant, this.conversation) + "?conversationUid=" + this.conversationUid);

        assertThat(erased.status()).isEqualTo(204);
        assertThat(texts(search("Does she have a dog?", 10))).isEmpty();
        assertThat(get(indexPath(this.tenant, this.conversation)).body().get("indexed").asLong()).isZero();
        assertThat(chunksOf(this.conversationUid)).isZero();

        // A late event of the erased incarnation, then a turn of another conversation
        // behind it on
        // the same partition: once that one is indexed, the late one was handled (and
        // dropped).
        publish(turn(13, "Caroline", "One more thing about the puppy."));
        String other = "conv-" + UUID.randomUUID();
        index(List.of(turn(this.tenant, other, UUID.randomUUID(), 1, "Melanie", "Hello")));

        assertThat(chunksOf(this.conversationUid)).isZero();
        assertThat(texts(search("puppy", 10))).isEmpty();
        assertThat(delete(path(this.tenant, this.conversation) + "?conversationUid=" + this.conversationUid).status())
            .isEqualTo(204);
    }

    @Test
    void aConversationErasedEventErasesTheIndex() {
        index(Conversations.twelveTurns(this::turn));

        publish(new ConversationErased(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid));

        await().atMost(Duration.ofSeconds(30)).until(() -> chunksOf(this.conversationUid) == 0);
        assertThat(texts(search("Does she have a dog?", 10))).isEmpty();
        assertThat(this.jdbc.sql("SELECT count(*) FROM erased_conversations WHERE conversation_uid = ?")
            .param(this.conversationUid)
            .query(Long.class)
            .single()).isEqualTo(1);
    }

    @Test
    void erasingOneIncarnationKeepsTheRecreatedConversation() {
        index(Conversations.twelveTurns(this::turn));
        UUID oldUid = this.conversationUid;
        delete(path(this.tenant, this.conversation) + "?conversationUid=" + oldUid);
        UUID newUid = UUID.randomUUID();
        index(List.of(turn(this.tenant, this.conversation, newUid, 1, "Caroline", "Starting over: I have a puppy.")));

        // A second erasure of the old incarnation (the event arriving after the direct
        // call).
        publish(new ConversationErased(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation, oldUid));
        // Another erasure behind it on the same partition: once it shows, the first one
        // was handled.
        UUID marker = UUID.randomUUID();
        publish(new ConversationErased(UUID.randomUUID(), Instant.now(), this.tenant, "conv-" + marker, marker));
        await().atMost(Duration.ofSeconds(30))
            .until(() -> this.jdbc.sql("SELECT count(*) FROM erased_conversations WHERE conversation_uid = ?")
                .param(marker)
                .query(Long.class)
                .single() == 1);

        assertThat(chunksOf(newUid)).isEqualTo(1);
        assertThat(texts(search("puppy", 10))).containsExactly("Starting over: I have a puppy.");
    }

    private long chunksOf(UUID uid) {
        return this.jdbc.sql("SELECT count(*) FROM memory_chunks WHERE conversation_uid = ?")
            .param(uid)
            .query(Long.class)
            .single();
    }

}
