package dev.skein.testsupport.database;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL (with pgvector) that the integration tests of every service run against,
 * decided once per test JVM:
 * <ol>
 * <li>{@code SKEIN_TEST_DB_URL} when it is set (with {@code SKEIN_TEST_DB_USER} and
 * {@code SKEIN_TEST_DB_PASSWORD}, both {@code skein} by default): a choice made on
 * purpose beats detection, and it is the way out on a machine whose Docker engine cannot
 * pull images;</li>
 * <li>else a {@value #IMAGE} container when a Docker engine answers, started once and
 * left to Testcontainers' reaper;</li>
 * <li>else the local {@value #LOCAL_URL}, which {@code infra/skein db} creates with the
 * vector extension.</li>
 * </ol>
 * Test classes ask for it with {@link SkeinTestDatabase @SkeinTestDatabase}.
 *
 * @param url the JDBC url without {@code currentSchema}
 * @param origin what was chosen and why, for the log
 */
public record TestDatabase(String url, String username, String password, String origin) {

    static final String IMAGE = "pgvector/pgvector:pg16";

    static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/skein_test";

    private static final String DEFAULT_USER = "skein";

    private static final String DEFAULT_PASSWORD = "skein";

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

    /** The database of this JVM; the first call decides (and may start the container). */
    public static TestDatabase get() {
        return Chosen.DATABASE;
    }

    /**
     * The url with {@code currentSchema} (a search path such as {@code gateway,public})
     * added, unless empty.
     */
    public String url(String currentSchema) {
        if (currentSchema.isEmpty()) {
            return this.url;
        }
        return this.url + (this.url.contains("?") ? "&" : "?") + "currentSchema=" + currentSchema;
    }

    static TestDatabase choose(Map<String, String> environment, BooleanSupplier dockerAvailable,
            Supplier<TestDatabase> container) {
        String url = environment.get("SKEIN_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new TestDatabase(url, environment.getOrDefault("SKEIN_TEST_DB_USER", DEFAULT_USER),
                    environment.getOrDefault("SKEIN_TEST_DB_PASSWORD", DEFAULT_PASSWORD), "SKEIN_TEST_DB_URL");
        }
        if (dockerAvailable.getAsBoolean()) {
            return container.get();
        }
        return new TestDatabase(LOCAL_URL, DEFAULT_USER, DEFAULT_PASSWORD, "local database, no Docker engine");
    }

    private static TestDatabase startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(
                DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("postgres"))
            .withDatabaseName("skein_test")
            .withUsername(DEFAULT_USER)
            .withPassword(DEFAULT_PASSWORD)
            // what infra/skein db does for the local database: migrations cannot, CREATE
            // EXTENSION needs a superuser
            .withInitScript("dev/skein/testsupport/database/vector-extension.sql");
        container.start();
        return new TestDatabase(container.getJdbcUrl(), DEFAULT_USER, DEFAULT_PASSWORD, "container " + IMAGE);
    }

    /**
     * Holds the choice: made when first asked for, so a JVM without integration tests
     * never looks for Docker.
     */
    private static final class Chosen {

        static final TestDatabase DATABASE = choose(System.getenv(),
                () -> DockerClientFactory.instance().isDockerAvailable(), TestDatabase::startContainer);

        static {
            log.info("Integration tests use {} ({})", DATABASE.url(), DATABASE.origin());
        }

    }
}
