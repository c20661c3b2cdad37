package dev.skein.retrieval.recall;

import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

import dev.skein.platform.kafka.workers.OrderedWorkers;
import dev.skein.platform.observability.TraceContext;

/**
 * The recalls' workers and their listener's container. One listener thread used to run
 * every recall of its partitions one after another: a recall waiting for its index
 * (seconds, behind an import) held the recalls of every other conversation, and at
 * saturation the one thread bounded an instance's turns per second. One conversation's
 * recalls still run in order ({@link OrderedWorkers}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecallSettings.class)
class RecallListenerContainer {

    static final String BEAN = "recallContainerPostProcessor";

    /**
     * A recall in flight at shutdown is milliseconds from its end, or waiting for its
     * index.
     */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    @Bean
    OrderedWorkers recallWorkers(RecallSettings settings, TraceContext traces) {
        return new OrderedWorkers("retrieval-recall", settings.concurrency(), SHUTDOWN_GRACE, traces);
    }

    @Bean(BEAN)
    ContainerPostProcessor<Object, Object, AbstractMessageListenerContainer<Object, Object>> recallContainerPostProcessor(
            OrderedWorkers recallWorkers) {
        return recallWorkers.containerPostProcessor();
    }

}
