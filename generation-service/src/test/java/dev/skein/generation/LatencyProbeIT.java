package dev.skein.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.kafka.core.KafkaTemplate;

@org.springframework.test.context.TestPropertySource(properties = "logging.level.dev.skein.generation.messaging=DEBUG")
class LatencyProbeIT extends AbstractGenerationIT {

    @Autowired
    KafkaTemplate<String, String> template;

    @Autowired
    KafkaConnectionDetails details;

    @Test
    void probe() throws Exception {
        run(false, 100, false);
        run(false, 400, true);
        run(true, 200, true);
    }

    private void run(boolean stream, int turns, boolean print) throws Exception {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", this.details.getBootstrapServers()),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<Long> micros = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition tp = new TopicPartition(Topics.REPLY_GENERATED, 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            for (int i = 0; i < turns; i++) {
                String conversation = "probe-" + UUID.randomUUID();
                EvidenceRetrieved event = evidenceRetrieved(conversation, "What was my cat called? " + i,
                        List.of(oldTurn("Alice: I adopted a cat, her name is Miso."),
                                oldTurn("Alice: We moved to Porto last spring.")), stream);
                RecordMetadata sent = this.template.send(KafkaEvents.record(event, "probe")).get().getRecordMetadata();
                boolean found = false;
                while (!found) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                        if (conversation.equals(r.key())) {
                            micros.add((r.timestamp() - sent.timestamp()) * 1000);
                            found = true;
                        }
                    }
                }
            }
        }
        if (print) {
            Collections.sort(micros);
            System.out.printf("PROBE stream=%s n=%d p50=%d ms p90=%d ms p99=%d ms max=%d ms%n", stream, micros.size(),
                    micros.get(micros.size() / 2) / 1000, micros.get(micros.size() * 9 / 10) / 1000,
                    micros.get(micros.size() * 99 / 100) / 1000, micros.get(micros.size() - 1) / 1000);
        }
    }
}
