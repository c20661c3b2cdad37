package dev.skein.platform.kafka;

import java.nio.charset.StandardCharsets;

import dev.skein.contracts.ConversationScoped;
import dev.skein.contracts.Topics;
import dev.skein.platform.keyring.EventCipher;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The value serializer of every producer: the JSON of an event of a
 * {@link ConversationScoped} topic leaves encrypted with its conversation's key
 * ({@link EventCipher}); other topics (and everything, without a cipher) in clear. The
 * tenant and conversation come from the record's headers ({@code KafkaEvents.record} sets
 * them), or from the JSON itself for payloads serialized earlier (the outbox).
 */
public class EventSerializer implements Serializer<String> {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final @Nullable EventCipher cipher;

    public EventSerializer(@Nullable EventCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public byte @Nullable [] serialize(String topic, @Nullable String data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte @Nullable [] serialize(String topic, @Nullable Headers headers, @Nullable String data) {
        if (data == null) {
            return null;
        }
        byte[] clear = data.getBytes(StandardCharsets.UTF_8);
        if (this.cipher == null || !scoped(topic)) {
            return clear;
        }
        String tenantId = header(headers, Topics.TENANT_HEADER);
        String conversationId = header(headers, Topics.CONVERSATION_HEADER);
        if (tenantId == null || conversationId == null) {
            String[] scope = scope(data);
            tenantId = scope[0];
            conversationId = scope[1];
            if (tenantId == null || conversationId == null) {
                throw new IllegalArgumentException("An event of " + topic + " names no tenant or conversation");
            }
        }
        return this.cipher.encrypt(tenantId, conversationId, clear);
    }

    /**
     * The event's top-level {@code tenantId} and {@code conversationId}, read as far as
     * they come: an event names them among its first fields, and the rest (a turn's
     * evidence, a memory's text) is not parsed. The relay sends every outbox row through
     * here, on a turn's path (0.4 ms a record for the whole tree).
     */
    private static @Nullable String[] scope(String json) {
        String[] scope = new String[2];
        try (JsonParser parser = MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return scope;
            }
            while ((scope[0] == null || scope[1] == null) && parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && "tenantId".equals(name)) {
                    scope[0] = parser.getString();
                }
                else if (value == JsonToken.VALUE_STRING && "conversationId".equals(name)) {
                    scope[1] = parser.getString();
                }
                else {
                    parser.skipChildren();
                }
            }
        }
        return scope;
    }

    /**
     * Whether the events of this topic (or of the topic a dead-letter topic parks) are
     * encrypted.
     */
    static boolean scoped(String topic) {
        String base = topic.endsWith(KafkaErrorPolicy.deadLetterTopic(""))
                ? topic.substring(0, topic.length() - KafkaErrorPolicy.deadLetterTopic("").length()) : topic;
        Class<?> type = Topics.TYPES.get(base);
        return type != null && ConversationScoped.class.isAssignableFrom(type);
    }

    private static @Nullable String header(@Nullable Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}
