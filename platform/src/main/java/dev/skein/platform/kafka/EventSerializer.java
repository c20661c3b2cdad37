package dev.skein.platform.kafka;

import java.nio.charset.StandardCharsets;

import dev.skein.contracts.ConversationScoped;
import dev.skein.contracts.Topics;
import dev.skein.platform.keyring.EventCipher;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
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
            JsonNode json = MAPPER.readTree(data);
            tenantId = json.path("tenantId").asString(null);
            conversationId = json.path("conversationId").asString(null);
            if (tenantId == null || conversationId == null) {
                throw new IllegalArgumentException("An event of " + topic + " names no tenant or conversation");
            }
        }
        return this.cipher.encrypt(tenantId, conversationId, clear);
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
