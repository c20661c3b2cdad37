package dev.skein.platform.kafka;

import java.nio.charset.StandardCharsets;

import dev.skein.contracts.EventJson;
import dev.skein.contracts.SkeinEvent;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

/**
 * Turns a record's JSON into the one event type of its topic, so a listener receives the
 * event, not a string. Wrapped in Spring Kafka's {@code ErrorHandlingDeserializer} (see
 * the platform's default properties): a record that cannot be read reaches the error
 * policy, which parks it on the dead-letter topic at once, instead of failing the poll.
 */
public class EventDeserializer implements Deserializer<SkeinEvent> {

    @Override
    public @Nullable SkeinEvent deserialize(String topic, byte @Nullable [] data) {
        return data == null ? null : EventJson.read(topic, new String(data, StandardCharsets.UTF_8));
    }

}
