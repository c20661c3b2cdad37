package dev.skein.generation.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

import dev.skein.generation.GenerationProperties;
import dev.skein.platform.kafka.workers.OrderedWorkers;
import dev.skein.platform.observability.TraceContext;

/**
 * The turns' workers and their listener's container: a listener thread used to answer its
 * partition's turns one after another, so with an LLM that takes a second an instance
 * answered as many turns per second as it had partitions, and a turn waited behind every
 * other conversation's LLM call on its partition. One conversation's turns still run in
 * order, so its replies are stored in order ({@link OrderedWorkers}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TurnSettings.class)
class TurnListenerContainer {

    static final String BEAN = "turnContainerPostProcessor";

    /**
     * A turn in flight at shutdown gets the LLM's time to end; one cut off is delivered
     * again.
     */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    @Bean
    OrderedWorkers turnWorkers(TurnSettings settings, GenerationProperties properties, TraceContext traces) {
        int bulkhead = properties.llm().resilience().maxConcurrent();
        if (settings.concurrency() > bulkhead) {
            throw new IllegalStateException("SKEIN_GENERATION_CONCURRENT_TURNS (" + settings.concurrency()
                    + ") is above SKEIN_LLM_MAX_CONCURRENT (" + bulkhead
                    + "): the turns beyond it would find the LLM's bulkhead full and get the extractive fallback");
        }
        return new OrderedWorkers("generation-turn", settings.concurrency(), SHUTDOWN_GRACE, traces);
    }

    @Bean(BEAN)
    ContainerPostProcessor<Object, Object, AbstractMessageListenerContainer<Object, Object>> turnContainerPostProcessor(
            OrderedWorkers turnWorkers) {
        return turnWorkers.containerPostProcessor();
    }

}
