package dev.skein.platform.kafka;

import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Creates each (non-transactional) Kafka producer once at start-up, on the main thread.
 *
 * <p>
 * Kafka's {@code ProducerConfig} loads the classes its defaults name through the thread's
 * context class loader, once, in a static initializer. Created lazily, the first producer
 * may be made on a thread whose context loader cannot see the application's nested jars
 * (the JDK HttpClient's thread that delivers an LLM's streamed deltas): the initializer
 * fails, and every later send of the service fails with {@code NoClassDefFoundError}
 * until a restart. Found when the first turn after a generation-service restart was a
 * streamed one. Made here, the producer also no longer costs the first turn its start-up.
 */
class ProducerWarmup implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ProducerWarmup.class);

    private final ObjectProvider<ProducerFactory<?, ?>> factories;

    ProducerWarmup(ObjectProvider<ProducerFactory<?, ?>> factories) {
        this.factories = factories;
    }

    @Override
    public void afterSingletonsInstantiated() {
        this.factories.orderedStream().filter(factory -> !factory.transactionCapable()).forEach(factory -> {
            // a shared producer: closing this handle leaves it open for the templates
            try (Producer<?, ?> producer = factory.createProducer()) {
                log.debug("Kafka producer created at start-up: {}", producer);
            }
        });
    }

}
