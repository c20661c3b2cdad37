package dev.skein.gateway;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/** The turn tests against containers where a Docker engine exists; skipped elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class TurnContainersIT extends TurnIT {

    @Container
    @ServiceConnection
    static final PostgreSQLContainer postgres = new PostgreSQLContainer("pgvector/pgvector:pg16");

    @Container
    @ServiceConnection
    static final KafkaContainer kafkaBroker = new KafkaContainer("apache/kafka:4.1.1");

}
