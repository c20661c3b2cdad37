package dev.skein.platform.upkeep;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import dev.skein.testsupport.database.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-row vacuum against a real PostgreSQL: what autovacuum's rules make due, and
 * what a vacuum leaves behind. Each run works in a schema of its own, so the service's
 * {@code current_schema()} picks only its tables.
 */
class DeadRowVacuumIT {

    private static final String SCHEMA = "vacuum_it_" + UUID.randomUUID().toString().substring(0, 8);

    private static DataSource dataSource;

    private static JdbcTemplate jdbc;

    @BeforeAll
    static void schema() {
        TestDatabase database = TestDatabase.get();
        SimpleDriverDataSource owner = new SimpleDriverDataSource(new Driver(), database.url(), database.username(),
                database.password());
        new JdbcTemplate(owner).execute("CREATE SCHEMA " + SCHEMA);
        Properties properties = new Properties();
        properties.setProperty("user", database.username());
        properties.setProperty("password", database.password());
        properties.setProperty("currentSchema", SCHEMA);
        dataSource = new SimpleDriverDataSource(new Driver(), database.url(), properties);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE churned (id int PRIMARY KEY, payload text)");
        jdbc.execute("CREATE TABLE calm (id int PRIMARY KEY, payload text)");
    }

    @AfterAll
    static void drop() {
        jdbc.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
    }

    @Test
    void aTableWithMoreDeadRowsThanAutovacuumAllowsIsVacuumedAndAQuietOneIsNot() {
        fill("churned");
        fill("calm");
        // a calm table is vacuumed and analysed once, so that only the deletes below
        // count
        jdbc.execute("VACUUM (ANALYZE) calm");
        jdbc.execute("VACUUM (ANALYZE) churned");
        jdbc.update("DELETE FROM churned WHERE id % 4 <> 0"); // 1,500 dead of 2,000
        jdbc.update("DELETE FROM calm WHERE id <= 10"); // 10 dead: under 50 + 20% of
                                                        // 2,000
        awaitStatistics("churned", 1500);

        DeadRowVacuum vacuum = new DeadRowVacuum(dataSource, Duration.ofMinutes(1));

        assertThat(vacuum.vacuumDue()).containsExactly("churned");
        assertThat(deadRows("churned")).isZero();
        assertThat(deadRows("calm")).isEqualTo(10);
        // vacuumed, it is no longer due
        assertThat(vacuum.vacuumDue()).isEmpty();
    }

    @Test
    void theScheduledCheckVacuumsOnlyWhenTheServerDoesNot() {
        DeadRowVacuum vacuum = new DeadRowVacuum(dataSource, Duration.ofMinutes(1));
        String setting = jdbc.queryForObject("SHOW autovacuum", String.class);

        assertThat(vacuum.autovacuumOff()).isEqualTo("off".equals(setting));
        if ("on".equals(setting)) {
            // autovacuum's own work: the check leaves every table to it
            assertThat(vacuum.check()).isEmpty();
        }
    }

    @Test
    void itChecksOnAThreadOfItsOwnUntilClosed() {
        try (DeadRowVacuum vacuum = new DeadRowVacuum(dataSource, Duration.ofMillis(20))) {
            vacuum.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> vacuum.checks() >= 2);
            vacuum.close();
            long checks = vacuum.checks();
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> vacuum.checks() == checks);
        }
    }

    @Test
    void everyServiceWithADatabaseHasOneUnlessTurnedOff() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(UpkeepAutoConfiguration.class))
            .withBean(DataSource.class, () -> dataSource);

        runner.run(context -> assertThat(context).hasSingleBean(DeadRowVacuum.class));
        runner.withPropertyValues("skein.vacuum.check-interval=5m")
            .run(context -> assertThat(context.getBean(UpkeepProperties.class).checkInterval())
                .isEqualTo(Duration.ofMinutes(5)));
        runner.withPropertyValues("skein.vacuum.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(DeadRowVacuum.class));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(UpkeepAutoConfiguration.class))
            .run(context -> assertThat(context).doesNotHaveBean(DeadRowVacuum.class));
    }

    private static void fill(String table) {
        jdbc.update("INSERT INTO " + table + " SELECT i, repeat('x', 100) FROM generate_series(1, 2000) AS i");
    }

    private static long deadRows(String table) {
        Long dead = jdbc.queryForObject(
                "SELECT n_dead_tup FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ?",
                Long.class, table);
        return dead == null ? -1 : dead;
    }

    /** A backend reports its table counts when it goes idle, at most once a second. */
    private static void awaitStatistics(String table, long dead) {
        await().atMost(Duration.ofSeconds(15)).until(() -> deadRows(table) >= dead);
    }

}
