package dev.skein.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.EventJson;
import dev.skein.contracts.Topics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventDeserializerTests {

    private final EventDeserializer deserializer = new EventDeserializer();

    @Test
    void readsTheOneEventTypeOfTheTopic() {
        ConversationErased erased = new ConversationErased(UUID.randomUUID(), Instant.parse("2026-01-02T03:04:05Z"),
                "t1", "c1", UUID.randomUUID());
        Object read = this.deserializer.deserialize(Topics.CONVERSATION_ERASED, bytes(EventJson.write(erased)));
        assertThat(read).isEqualTo(erased);
    }

    @Test
    void anEmptyRecordIsNoEvent() {
        assertThat(this.deserializer.deserialize(Topics.TURN_REQUESTED, null)).isNull();
    }

    @Test
    void unreadableJsonAndUnknownTopicsThrow() {
        assertThatThrownBy(() -> this.deserializer.deserialize(Topics.TURN_REQUESTED, bytes("{not json")))
            .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> this.deserializer.deserialize("no.such-topic.v1", bytes("{}")))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
