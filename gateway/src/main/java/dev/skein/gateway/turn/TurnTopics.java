package dev.skein.gateway.turn;

import org.apache.kafka.clients.admin.NewTopic;

import dev.skein.contracts.Topics;
import dev.skein.gateway.GatewayProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics of a turn, created at startup so the reply listener can assign their partitions. */
@Configuration(proxyBeanMethods = false)
class TurnTopics {

    private final int partitions;

    TurnTopics(GatewayProperties properties) {
        this.partitions = properties.kafkaPartitions();
    }

    @Bean
    KafkaAdmin.NewTopics turnTopicsToCreate() {
        return new KafkaAdmin.NewTopics(
                topic(Topics.TURN_REQUESTED),
                topic(Topics.TURN_COMPLETED),
                topic(Topics.TURN_FAILED),
                topic(Topics.REPLY_DELTA));
    }

    private NewTopic topic(String name) {
        return TopicBuilder.name(name).partitions(this.partitions).replicas(1).build();
    }
}
