package dev.skein.platform.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.Topics;
import dev.skein.platform.correlation.Correlation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform's Kafka plumbing in a real broker (embedded KRaft), as a service gets it
 * from auto-configuration alone: typed listeners, the correlation id in the listener's
 * context, and the one error policy for unreadable records, a record's own failures and
 * outages.
 */
@SpringBootTest(classes = KafkaErrorPolicyIT.App.class, properties = { "spring.application.name=platform-it",
        "skein.internal-auth.secret=kafka-error-policy-it-secret-0123456789",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "spring.kafka.listener.concurrency=1",
        "skein.kafka.partitions=1", "skein.kafka.retry.initial-interval=20ms", "skein.kafka.retry.max-interval=50ms",
        "skein.kafka.retry.outage-max-elapsed=2s", "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN", "logging.level.org.springframework.kafka=WARN" })
@EmbeddedKafka(partitions = 1, topics = Topics.CONVERSATION_ERASED)
class KafkaErrorPolicyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventPublisher publisher;

    @Autowired
    App app;

    @Autowired
    KafkaConnectionDetails connection;

    @Test
    void aListenerReceivesTheEventWithItsCorrelationId() {
        ConversationErased event = erased("plain");
        this.publisher.publish(event, "corr-plain");
        await().atMost(WAIT).until(() -> this.app.handled.containsKey(event.conversationId()));
        assertThat(this.app.handled.get(event.conversationId())).isEqualTo("corr-plain");
        assertThat(this.app.deliveries(event)).isEqualTo(1);
    }

    @Test
    void anUnreadableRecordIsParkedAtOnceWithItsBytes() throws Exception {
        String key = "unreadable-" + UUID.randomUUID();
        this.kafka.send(Topics.CONVERSATION_ERASED, key, "{not json").get();
        ConsumerRecord<String, String> parked = awaitDeadLetter(key);
        assertThat(parked.value()).isEqualTo("{not json");
    }

    @Test
    void aRecordsOwnFailureIsTriedThreeTimesThenReportedAndParked() {
        ConversationErased event = erased("own-failure");
        this.publisher.publish(event, "corr-own");
        ConsumerRecord<String, String> parked = awaitDeadLetter(event.conversationId());
        assertThat(parked.value()).contains(event.eventId().toString());
        assertThat(Correlation.of(parked.headers())).isEqualTo("corr-own");
        assertThat(this.app.deliveries(event)).isEqualTo(3);
        assertThat(this.app.reported).contains(event.conversationId());
    }

    @Test
    void anOutageIsWaitedOutWithoutLosingTheRecord() {
        ConversationErased event = erased("outage-4");
        this.publisher.publish(event);
        await().atMost(WAIT).until(() -> this.app.handled.containsKey(event.conversationId()));
        // more deliveries than a record's own failure gets, and nothing reported
        assertThat(this.app.deliveries(event)).isEqualTo(5);
        assertThat(this.app.reported).doesNotContain(event.conversationId());
    }

    private static ConversationErased erased(String behaviour) {
        return new ConversationErased(UUID.randomUUID(), Instant.now(), "tenant", behaviour + "-" + UUID.randomUUID(),
                UUID.randomUUID());
    }

    private ConsumerRecord<String, String> awaitDeadLetter(String key) {
        String topic = KafkaErrorPolicy.deadLetterTopic(Topics.CONVERSATION_ERASED);
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", this.connection.getBootstrapServers()));
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    @SpringBootApplication
    static class App {

        final Map<String, String> handled = new ConcurrentHashMap<>();

        final Map<UUID, AtomicInteger> deliveries = new ConcurrentHashMap<>();

        final List<String> reported = new CopyOnWriteArrayList<>();

        int deliveries(ConversationErased event) {
            return this.deliveries.get(event.eventId()).get();
        }

        @KafkaListener(topics = Topics.CONVERSATION_ERASED)
        void on(ConversationErased event) {
            int delivery = this.deliveries.computeIfAbsent(event.eventId(), id -> new AtomicInteger())
                .incrementAndGet();
            String behaviour = event.conversationId();
            if (behaviour.startsWith("own-failure")) {
                throw new IllegalArgumentException("a bug that this record always meets");
            }
            if (behaviour.startsWith("outage-") && delivery <= Integer.parseInt(behaviour.substring(7, 8))) {
                throw new DataAccessResourceFailureException("the database is down");
            }
            String correlationId = Correlation.current();
            this.handled.put(event.conversationId(), correlationId == null ? "" : correlationId);
        }

        @Bean
        FailedRecordReporter testReporter() {
            return (record, failure) -> {
                if (record.value() instanceof ConversationErased event) {
                    this.reported.add(event.conversationId());
                }
            };
        }

    }

}
