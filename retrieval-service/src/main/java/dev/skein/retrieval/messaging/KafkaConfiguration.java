package dev.skein.retrieval.messaging;

import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.skein.contracts.Topics;
import dev.skein.retrieval.RetrievalProperties;

/** The topics this service consumes or produces, and how a failing listener is retried. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    KafkaAdmin.NewTopics retrievalTopics(RetrievalProperties properties) {
        return new KafkaAdmin.NewTopics(Stream.of(Topics.MEMORY_RECORDED, Topics.RECALL_REQUESTED,
                        Topics.CONVERSATION_ERASED, Topics.EVIDENCE_RETRIEVED, Topics.TURN_FAILED)
                .map(name -> TopicBuilder.name(name).partitions(properties.kafkaPartitions()).replicas(1).build())
                .toArray(NewTopic[]::new));
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
}
