package dev.skein.testsupport.database;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class TestDatabaseTests {

    private static final TestDatabase CONTAINER = new TestDatabase(
            "jdbc:postgresql://localhost:32768/skein_test?loggerLevel=OFF", "skein", "skein", "container");

    @Test
    void anExplicitUrlWinsWithoutLookingForDocker() {
        TestDatabase database = TestDatabase.choose(
                Map.of("SKEIN_TEST_DB_URL", "jdbc:postgresql://db:5433/it", "SKEIN_TEST_DB_USER", "ci"),
                () -> fail("asked for Docker"), () -> fail("started a container"));

        assertThat(database)
            .isEqualTo(new TestDatabase("jdbc:postgresql://db:5433/it", "ci", "skein", "SKEIN_TEST_DB_URL"));
    }

    @Test
    void withADockerEngineTheContainerIsUsed() {
        assertThat(TestDatabase.choose(Map.of(), () -> true, () -> CONTAINER)).isSameAs(CONTAINER);
    }

    @Test
    void withoutADockerEngineTheLocalTestDatabaseIsUsed() {
        TestDatabase database = TestDatabase.choose(Map.of("SKEIN_TEST_DB_URL", " "), () -> false,
                () -> fail("started a container"));

        assertThat(database.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/skein_test");
        assertThat(database.username()).isEqualTo("skein");
        assertThat(database.password()).isEqualTo("skein");
    }

    @Test
    void aSearchPathIsAddedAsTheFirstOrANextParameter() {
        TestDatabase local = new TestDatabase(TestDatabase.LOCAL_URL, "skein", "skein", "local");

        assertThat(local.url("")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/skein_test");
        assertThat(local.url("gateway,public"))
            .isEqualTo("jdbc:postgresql://127.0.0.1:5432/skein_test?currentSchema=gateway,public");
        assertThat(CONTAINER.url("gateway,public"))
            .isEqualTo("jdbc:postgresql://localhost:32768/skein_test?loggerLevel=OFF&currentSchema=gateway,public");
    }

}
