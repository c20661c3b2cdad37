package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaEventsTests {

    @Test
    void keysByConversationAndCarriesTheCorrelationId() {
        ConversationErased erased = new ConversationErased(UUID.randomUUID(), Instant.now(), "acme", "conv-7",
                UUID.randomUUID());

        ProducerRecord<String, String> sent = KafkaEvents.record(erased, "corr-1");
        ConsumerRecord<String, String> received = new ConsumerRecord<>(sent.topic(), 0, 0, sent.key(), sent.value());
        sent.headers().forEach(header -> received.headers().add(header));

        assertThat(sent.topic()).isEqualTo(Topics.CONVERSATION_ERASED);
        assertThat(sent.key()).isEqualTo("conv-7");
        assertThat(KafkaEvents.event(received)).isEqualTo(erased);
        assertThat(KafkaEvents.correlationId(received)).isEqualTo("corr-1");
    }

    @Test
    void aRecordWithoutCorrelationHeaderHasNone() {
        ConsumerRecord<String, String> received = new ConsumerRecord<>(Topics.TURN_FAILED, 0, 0, "c", "{}");

        assertThat(KafkaEvents.correlationId(received)).isNull();
    }

}
