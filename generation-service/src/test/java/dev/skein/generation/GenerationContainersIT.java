package dev.skein.generation;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * The same tests against the apache/kafka image, where a Docker engine exists (skipped
 * elsewhere).
 */
@Testcontainers(disabledWithoutDocker = true)
class GenerationContainersIT extends GenerationIT {

    @Container
    @ServiceConnection
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

}
