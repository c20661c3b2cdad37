package dev.skein.gateway.writing;

import org.apache.kafka.clients.admin.NewTopic;

import dev.skein.contracts.Topics;
import dev.skein.gateway.GatewayProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics of writing jobs, created at startup so the progress listener can assign their partitions. */
@Configuration(proxyBeanMethods = false)
class WritingTopics {

    @Bean
    KafkaAdmin.NewTopics writingTopicsToCreate(GatewayProperties properties) {
        return new KafkaAdmin.NewTopics(topic(Topics.WRITING_REQUESTED, properties),
                topic(Topics.WRITING_PROGRESSED, properties));
    }

    private static NewTopic topic(String name, GatewayProperties properties) {
        return TopicBuilder.name(name).partitions(properties.kafkaPartitions()).replicas(1).build();
    }
}
