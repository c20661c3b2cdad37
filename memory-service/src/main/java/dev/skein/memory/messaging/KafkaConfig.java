package dev.skein.memory.messaging;

import java.util.List;

import dev.skein.contracts.Topics;
import dev.skein.memory.MemoryProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.core.JacksonException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** Topics this service produces or consumes, and what happens to a record that keeps failing. */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    static final String DEAD_LETTER_SUFFIX = ".dlt";

    private static final List<String> TOPICS = List.of(Topics.TURN_REQUESTED, Topics.REPLY_GENERATED,
            Topics.MEMORY_RECORDED, Topics.RECALL_REQUESTED, Topics.TURN_COMPLETED, Topics.TURN_FAILED,
            Topics.CONVERSATION_ERASED, Topics.SUMMARY_REQUESTED, Topics.SUMMARY_GENERATED,
            Topics.TURN_REQUESTED + DEAD_LETTER_SUFFIX,
            Topics.REPLY_GENERATED + DEAD_LETTER_SUFFIX, Topics.SUMMARY_GENERATED + DEAD_LETTER_SUFFIX);

    @Bean
    KafkaAdmin.NewTopics memoryTopics(MemoryProperties properties) {
        return new KafkaAdmin.NewTopics(TOPICS.stream()
                .map(name -> TopicBuilder.name(name).partitions(properties.kafkaPartitions()).replicas(1).build())
                .toArray(NewTopic[]::new));
    }

    /**
     * Two quick retries cover a lock timeout or a failover; after that the client is answered with
     * a TurnFailed and the record is parked on {@code <topic>.dlt} for inspection, so one bad
     * record never blocks its partition.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template, TurnFailures failures) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
                // a negative partition lets the producer choose: the dlt may have fewer partitions
                (record, ex) -> new TopicPartition(record.topic() + DEAD_LETTER_SUFFIX, -1));
        DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
            failures.report(record, ex);
            deadLetters.accept(record, ex);
        }, new FixedBackOff(200, 2));
        // unreadable JSON stays unreadable: no retry
        handler.addNotRetryableExceptions(JacksonException.class);
        return handler;
    }
}
