package dev.skein.contracts;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of events on the wire. Unknown fields are ignored so that a consumer
 * keeps working when a producer of a newer version adds one.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();

    private EventJson() {
    }

    public static String write(SkeinEvent event) {
        return MAPPER.writeValueAsString(event);
    }

    public static SkeinEvent read(String topic, String json) {
        Class<? extends SkeinEvent> type = Topics.TYPES.get(topic);
        if (type == null) {
            throw new IllegalArgumentException("Unknown topic " + topic);
        }
        return MAPPER.readValue(json, type);
    }

    public static <T extends SkeinEvent> T read(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

}
