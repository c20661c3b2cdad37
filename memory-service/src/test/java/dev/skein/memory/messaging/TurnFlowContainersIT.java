package dev.skein.memory.messaging;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * The turn flow against containers (PostgreSQL with pgvector, an Apache Kafka broker)
 * where a Docker engine exists; skipped elsewhere. The service connections override the
 * base class's database and broker.
 */
@Testcontainers(disabledWithoutDocker = true)
class TurnFlowContainersIT extends TurnFlowIT {

    @Container
    @ServiceConnection
    static final PostgreSQLContainer postgres = new PostgreSQLContainer(
            DockerImageName.parse("pgvector/pgvector:pg16").asCompatibleSubstituteFor("postgres"));

    @Container
    @ServiceConnection
    static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");

}
