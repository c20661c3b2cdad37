package dev.skein.generation.messaging;

import java.util.Collection;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/**
 * The container of the turns' listener: its records are acknowledged by
 * {@link TurnWorkers} when they are answered, not when the listener returns (nor when the
 * error handler parks one: {@link AcknowledgedByWorkers}), and the workers hear when a
 * partition moves to another instance.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TurnSettings.class)
class TurnListenerContainer {

    static final String BEAN = "turnContainerPostProcessor";

    @Bean(BEAN)
    ContainerPostProcessor<Object, Object, AbstractMessageListenerContainer<Object, Object>> turnContainerPostProcessor(
            TurnWorkers workers) {
        return container -> {
            container.getContainerProperties().setAckMode(AckMode.MANUAL);
            CommonErrorHandler errors = container.getCommonErrorHandler();
            if (errors != null) {
                container.setCommonErrorHandler(new AcknowledgedByWorkers(errors));
            }
            container.getContainerProperties().setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {

                @Override
                public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer,
                        Collection<TopicPartition> partitions) {
                    workers.revoked(partitions);
                }

                @Override
                public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                    workers.revoked(partitions);
                }

            });
        };
    }

}
