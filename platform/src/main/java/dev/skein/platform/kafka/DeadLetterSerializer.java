package dev.skein.platform.kafka;

import java.nio.charset.StandardCharsets;

import dev.skein.contracts.EventJson;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.SkeinEvent;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Writes a parked record as it arrived: the raw bytes of one that could not be read
 * (encrypted if it was), the JSON of an event that was read but could not be handled,
 * through the {@link EventSerializer} (so encrypted as on its own topic).
 */
class DeadLetterSerializer implements Serializer<Object> {

    private final EventSerializer events;

    DeadLetterSerializer(EventSerializer events) {
        this.events = events;
    }

    @Override
    public byte @Nullable [] serialize(String topic, @Nullable Object data) {
        if (data == null) {
            return null;
        }
        if (data instanceof byte[] bytes) {
            return bytes;
        }
        if (data instanceof SkeinEvent event) {
            // encrypted again when the event carries conversation data, like on its topic
            return this.events.serialize(topic, KafkaEvents.record(event, null).headers(), EventJson.write(event));
        }
        return data.toString().getBytes(StandardCharsets.UTF_8);
    }

}
