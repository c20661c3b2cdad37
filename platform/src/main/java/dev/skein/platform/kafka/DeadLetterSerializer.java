package dev.skein.platform.kafka;

import java.nio.charset.StandardCharsets;

import dev.skein.contracts.EventJson;
import dev.skein.contracts.SkeinEvent;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Writes a parked record as it arrived: the raw bytes of one that could not be read, the
 * JSON of an event that was read but could not be handled.
 */
class DeadLetterSerializer implements Serializer<Object> {

    @Override
    public byte @Nullable [] serialize(String topic, @Nullable Object data) {
        if (data == null) {
            return null;
        }
        if (data instanceof byte[] bytes) {
            return bytes;
        }
        if (data instanceof SkeinEvent event) {
            return EventJson.write(event).getBytes(StandardCharsets.UTF_8);
        }
        return data.toString().getBytes(StandardCharsets.UTF_8);
    }

}
