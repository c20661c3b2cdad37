package dev.skein.contracts;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * The one wire format of Skein's events: the topic names the type, the key is the
 * conversation id (per-conversation order), the value is JSON (encrypted by the
 * platform's serializer for a {@link ConversationScoped} event, whose tenant and
 * conversation ride in headers), and the correlation id rides in a header.
 */
public final class KafkaEvents {

    private KafkaEvents() {
    }

    public static ProducerRecord<String, String> record(SkeinEvent event, @Nullable String correlationId) {
        ProducerRecord<String, String> record = record(Topics.topicOf(event), event.conversationId(),
                EventJson.write(event), correlationId);
        if (event instanceof ConversationScoped && event.tenantId() != null && event.conversationId() != null) {
            record.headers().add(Topics.TENANT_HEADER, event.tenantId().getBytes(StandardCharsets.UTF_8));
            record.headers().add(Topics.CONVERSATION_HEADER, event.conversationId().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /**
     * For payloads that were serialized earlier, such as rows of a transactional outbox.
     */
    public static ProducerRecord<String, String> record(String topic, String key, String json,
            @Nullable String correlationId) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
        if (correlationId != null) {
            record.headers().add(Topics.CORRELATION_HEADER, correlationId.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    public static SkeinEvent event(ConsumerRecord<String, String> record) {
        return EventJson.read(record.topic(), record.value());
    }

    /** The correlation id of a consumed record, or null when the producer sent none. */
    public static @Nullable String correlationId(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(Topics.CORRELATION_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}
