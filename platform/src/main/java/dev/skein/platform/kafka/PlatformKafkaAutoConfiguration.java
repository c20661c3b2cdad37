package dev.skein.platform.kafka;

import java.util.ArrayList;
import java.util.List;

import dev.skein.contracts.Topics;
import dev.skein.platform.keyring.EventCipher;
import dev.skein.platform.keyring.KeyringAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Kafka as every service uses it: all of Skein's topics and their dead-letter topics
 * declared from {@code contracts}, typed listeners (see {@link EventDeserializer}), the
 * one error policy ({@link KafkaErrorPolicy}), the correlation id in each listener's
 * logging context, and the one publisher ({@link EventPublisher}). Spring Boot's listener
 * container factory picks up the error handler and the interceptor.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, KeyringAutoConfiguration.class })
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(KafkaSettings.class)
public class PlatformKafkaAutoConfiguration {

    /**
     * Every service declares every topic: a listener can only assign partitions that
     * exist, and the services start in any order. Creating a topic that exists is a
     * no-op.
     */
    @Bean
    KafkaAdmin.NewTopics skeinTopics(KafkaSettings settings) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.TYPES.keySet().stream().sorted().toList()) {
            topics.add(topic(topic, settings));
            topics.add(topic(KafkaErrorPolicy.deadLetterTopic(topic), settings));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    private static NewTopic topic(String name, KafkaSettings settings) {
        return TopicBuilder.name(name).partitions(settings.partitions()).replicas(settings.replicas()).build();
    }

    /**
     * The group membership of {@link KafkaSettings.Group} on every consumer the service
     * creates (its listeners'), over whatever {@code spring.kafka.consumer.*} says.
     */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer skeinGroupMembership(KafkaSettings settings) {
        return factory -> factory.updateConfigs(settings.group().consumerProperties());
    }

    @Bean
    EventPublisher eventPublisher(KafkaTemplate<String, String> kafka, KafkaSettings settings) {
        return new EventPublisher(kafka, settings.sendTimeout());
    }

    /**
     * Every producer writes through the {@link EventSerializer}: conversation events
     * leave encrypted when the service has an {@link EventCipher} (docs/erasure.md).
     */
    @Bean
    @SuppressWarnings("unchecked")
    DefaultKafkaProducerFactoryCustomizer skeinEventSerializer(ObjectProvider<EventCipher> cipher) {
        return (factory) -> ((DefaultKafkaProducerFactory<String, String>) factory)
            .setValueSerializerSupplier(() -> new EventSerializer(cipher.getIfAvailable()));
    }

    /** Every consumer reads through the {@link EventDeserializer}, which decrypts. */
    @Bean
    @SuppressWarnings("unchecked")
    DefaultKafkaConsumerFactoryCustomizer skeinEventDeserializer(ObjectProvider<EventCipher> cipher) {
        return (factory) -> ((DefaultKafkaConsumerFactory<String, Object>) factory).setValueDeserializerSupplier(
                () -> new ErrorHandlingDeserializer<>(new EventDeserializer(cipher.getIfAvailable())));
    }

    @Bean
    ProducerWarmup skeinProducerWarmup(ObjectProvider<ProducerFactory<?, ?>> factories) {
        return new ProducerWarmup(factories);
    }

    @Bean
    DefaultErrorHandler skeinKafkaErrorHandler(KafkaSettings settings, ProducerFactory<?, ?> producers,
            ObjectProvider<FailedRecordReporter> reporters, ObjectProvider<EventCipher> cipher) {
        // its own template: a parked record is raw bytes or an event, not the String of
        // the main one
        KafkaTemplate<String, Object> deadLetters = new KafkaTemplate<>(
                new DefaultKafkaProducerFactory<>(producers.getConfigurationProperties(), new StringSerializer(),
                        new DeadLetterSerializer(new EventSerializer(cipher.getIfAvailable()))));
        return KafkaErrorPolicy.errorHandler(settings.retry(), deadLetters, reporters.orderedStream().toList());
    }

    @Bean
    RecordInterceptor<Object, Object> skeinRecordInterceptor(ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry == null) {
            return new CorrelationInterceptor();
        }
        return new CompositeRecordInterceptor<>(new DeliveryTimer(registry), new CorrelationInterceptor());
    }

}
