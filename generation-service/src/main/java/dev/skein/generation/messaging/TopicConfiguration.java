package dev.skein.generation.messaging;

import java.time.Duration;

import dev.skein.contracts.Topics;
import dev.skein.generation.GenerationProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The topics this service consumes and produces (other services may create the same ones), and how
 * a failing listener is retried.
 */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    KafkaAdmin.NewTopics generationTopics(GenerationProperties properties) {
        int partitions = properties.topicPartitions();
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(Topics.EVIDENCE_RETRIEVED).partitions(partitions).replicas(1).build(),
                TopicBuilder.name(Topics.REPLY_DELTA).partitions(partitions).replicas(1).build(),
                TopicBuilder.name(Topics.REPLY_GENERATED).partitions(partitions).replicas(1).build(),
                TopicBuilder.name(Topics.TURN_FAILED).partitions(partitions).replicas(1).build(),
                TopicBuilder.name(Topics.SUMMARY_REQUESTED).partitions(partitions).replicas(1).build(),
                TopicBuilder.name(Topics.SUMMARY_GENERATED).partitions(partitions).replicas(1).build(),
                TopicBuilder.name(Topics.WRITING_REQUESTED).partitions(partitions).replicas(1).build(),
                TopicBuilder.name(Topics.WRITING_PROGRESSED).partitions(partitions).replicas(1).build(),
                TopicBuilder.name(Topics.CONVERSATION_ERASED).partitions(partitions).replicas(1).build());
    }

    /**
     * Listeners drop unreadable records themselves and turn a failed turn into a TurnFailed, so what
     * reaches this handler is an outage (database, broker): without it Spring Kafka retries 10 times
     * at once and skips the record, losing an acknowledged WritingRequested or ConversationErased.
     * Retried with backoff for at most 5 minutes (as the retrieval-service does), so a record that
     * can never succeed holds its partition up for that long, not forever, and is then skipped (logged).
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(@Value("${skein.generation.kafka-retry.initial-interval:200ms}") Duration initial,
            @Value("${skein.generation.kafka-retry.max-interval:10s}") Duration max,
            @Value("${skein.generation.kafka-retry.max-elapsed:5m}") Duration elapsed) {
        ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
        backOff.setMaxInterval(max.toMillis());
        backOff.setMaxElapsedTime(elapsed.toMillis());
        return new DefaultErrorHandler(backOff);
    }
}
