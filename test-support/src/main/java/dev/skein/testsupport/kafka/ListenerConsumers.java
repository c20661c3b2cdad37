package dev.skein.testsupport.kafka;

import java.util.Arrays;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/** How many consumers a service runs for a topic. */
public final class ListenerConsumers {

    private ListenerConsumers() {
    }

    /** The consumers of this instance that read the topic, over every listener of it. */
    public static int of(KafkaListenerEndpointRegistry listeners, String topic) {
        return listeners.getListenerContainers()
            .stream()
            .filter(container -> Arrays.asList(container.getContainerProperties().getTopics()).contains(topic))
            .mapToInt(container -> ((ConcurrentMessageListenerContainer<?, ?>) container).getContainers().size())
            .sum();
    }

}
