package dev.skein.memory.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.EventJson;
import dev.skein.contracts.Topics;
import dev.skein.memory.AbstractMemoryServiceIT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutboxSweepIT extends AbstractMemoryServiceIT {

    @Test
    void leftOverRowsArePublishedByTheSweepAndDeleted() {
        String conversation = randomId("c");
        // as a crash right after the commit would leave it: a row nobody woke the relay
        // for
        ConversationErased event = new ConversationErased(UUID.randomUUID(), Instant.now(), randomId("t"), conversation,
                UUID.randomUUID());
        Long id = this.jdbc.queryForObject(
                "INSERT INTO outbox (topic, msg_key, payload, correlation_id) VALUES (?, ?, ?, ?) RETURNING id",
                Long.class, Topics.CONVERSATION_ERASED, conversation, EventJson.write(event), "corr-sweep");

        List<ConversationErased> published = awaitEvents(Topics.CONVERSATION_ERASED, conversation, 1,
                ConversationErased.class);
        assertThat(published.get(0)).isEqualTo(event);
        assertThat(correlationIds(Topics.CONVERSATION_ERASED, conversation)).containsExactly("corr-sweep");
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(
                    this.jdbc.queryForObject("SELECT count(*) FROM outbox WHERE id = ?", Long.class, id))
                .isZero());
    }

}
