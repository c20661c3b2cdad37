package dev.skein.platform.config;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's defaults reach the Kafka clients Spring Boot builds, under the names the
 * clients read, and a service's own setting wins over them.
 */
class PlatformDefaultsTests {

    @Test
    void theKafkaClientsGetTheSharedLatencySettings() {
        KafkaProperties kafka = kafka(Map.of());

        assertThat(kafka.buildProducerProperties()).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "0");
        // a quiet fetch is held a second; fetch.min.bytes stays at 1, so a record answers
        // it
        Map<String, Object> consumer = kafka.buildConsumerProperties();
        assertThat(consumer).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1000)
            .doesNotContainKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG);
    }

    @Test
    void aServicesOwnSettingWins() {
        KafkaProperties kafka = kafka(Map.of("spring.kafka.consumer.fetch-max-wait", "100ms"));

        assertThat(kafka.buildConsumerProperties()).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    }

    private static KafkaProperties kafka(Map<String, Object> own) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("service", own));
        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());
        return Binder.get(environment).bindOrCreate("spring.kafka", KafkaProperties.class);
    }

}
