package dev.skein.retrieval.messaging;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.skein.contracts.Topics;
import dev.skein.retrieval.RetrievalProperties;

/** The topics this service consumes or produces, and how a failing listener is retried. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    NewTopic memoryRecordedTopic(RetrievalProperties properties) {
        return topic(Topics.MEMORY_RECORDED, properties);
    }

    @Bean
    NewTopic recallRequestedTopic(RetrievalProperties properties) {
        return topic(Topics.RECALL_REQUESTED, properties);
    }

    @Bean
    NewTopic conversationErasedTopic(RetrievalProperties properties) {
        return topic(Topics.CONVERSATION_ERASED, properties);
    }

    @Bean
    NewTopic evidenceRetrievedTopic(RetrievalProperties properties) {
        return topic(Topics.EVIDENCE_RETRIEVED, properties);
    }

    @Bean
    NewTopic turnFailedTopic(RetrievalProperties properties) {
        return topic(Topics.TURN_FAILED, properties);
    }

    /**
     * Listeners skip malformed records themselves, so what reaches this handler is an outage
     * (database, broker): retry with backoff for a few minutes rather than skip an index write.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(300_000);
        return new DefaultErrorHandler(backOff);
    }

    private static NewTopic topic(String name, RetrievalProperties properties) {
        return TopicBuilder.name(name).partitions(properties.kafkaPartitions()).replicas(1).build();
    }
}
