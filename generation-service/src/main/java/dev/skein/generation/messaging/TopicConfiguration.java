package dev.skein.generation.messaging;

import dev.skein.contracts.Topics;
import dev.skein.generation.GenerationProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics this service consumes and produces; other services may create the same ones. */
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
}
