package dev.skein.retrieval;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * The search tests against containers (pgvector image, Apache Kafka image) where a Docker
 * engine exists; skipped elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class SearchTestcontainersIT extends SearchIT {

    @Container
    @ServiceConnection
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer(
            DockerImageName.parse("pgvector/pgvector:pg16").asCompatibleSubstituteFor("postgres"))
        // What the set-up step does on a real installation: the extension needs a
        // superuser.
        .withInitScript("testcontainers/create-vector-extension.sql");

    @Container
    @ServiceConnection
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

}
