package dev.skein.platform.upkeep;

import java.time.Duration;
import java.util.List;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        jdbc.execute("CREATE TABLE opted_out (id int PRIMARY KEY, payload text) WITH (autovacuum_enabled = false)");
        jdbc.execute("CREATE TABLE checked (id int PRIMARY KEY, payload text)");
    }

    @AfterAll
    static void drop() {
        jdbc.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
    }

    /**
     * Needs a server without autovacuum (this project's machines run so), or its daemon
     * may vacuum the tables first.
     */
    @Test
    void aTableWithMoreDeadRowsThanAutovacuumAllowsIsVacuumedAndAQuietOneIsNot() {
        assumeTrue(autovacuumOffOnTheServer(), "the server's autovacuum is on");
        fill("churned");
        fill("calm");
        fill("opted_out");
        // each vacuumed and analysed once after its inserts are counted, so that only the
        // deletes below count
        for (String table : List.of("churned", "calm", "opted_out")) {
            awaitStatistic(table, "n_tup_ins", 2000);
            jdbc.execute("VACUUM (ANALYZE) " + table);
        }
        jdbc.update("DELETE FROM churned WHERE id % 4 <> 0"); // 1,500 dead of 2,000
        jdbc.update("DELETE FROM calm WHERE id <= 10"); // 10 dead: under 50 + 20% of
                                                        // 2,000
        jdbc.update("DELETE FROM opted_out WHERE id % 4 <> 0"); // autovacuum_enabled =
                                                                // false
        awaitStatistic("churned", "n_dead_tup", 1500);
        awaitStatistic("calm", "n_dead_tup", 10);
        awaitStatistic("opted_out", "n_dead_tup", 1500);

        DeadRowVacuum vacuum = new DeadRowVacuum(dataSource, Duration.ofMinutes(1));

        assertThat(vacuum.vacuumDue()).containsExactly(SCHEMA + ".churned");
        assertThat(deadRows("churned")).isZero();
        assertThat(deadRows("calm")).isEqualTo(10);
        assertThat(deadRows("opted_out")).isEqualTo(1500);
        // vacuumed, it is no longer due
        assertThat(vacuum.vacuumDue()).isEmpty();
    }

    @Test
    void theCheckVacuumsOnlyWhenTheServerDoesNot() {
        assumeTrue(autovacuumOffOnTheServer(), "the server's autovacuum is on");
        fill("checked");
        awaitStatistic("checked", "n_tup_ins", 2000);
        DeadRowVacuum serverVacuums = new DeadRowVacuum(dataSource, Duration.ofMinutes(1)) {
            @Override
            boolean autovacuumOff() {
                return false;
            }
        };

        assertThat(new DeadRowVacuum(dataSource, Duration.ofMinutes(1)).autovacuumOff()).isTrue();
        // 2,000 rows inserted and never vacuumed: due, but left to the server's
        // autovacuum
        assertThat(serverVacuums.check()).isEmpty();
        assertThat(new DeadRowVacuum(dataSource, Duration.ofMinutes(1)).check()).containsExactly(SCHEMA + ".checked");
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
        return statistic(table, "n_dead_tup");
    }

    private static long statistic(String table, String column) {
        Long value = jdbc.queryForObject(
                "SELECT " + column + " FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ?",
                Long.class, table);
        return value == null ? -1 : value;
    }

    private static boolean autovacuumOffOnTheServer() {
        return "off".equals(jdbc.queryForObject("SHOW autovacuum", String.class));
    }

    /**
     * A backend reports its table counts when it goes idle or exits, after the client has
     * moved on.
     */
    private static void awaitStatistic(String table, String column, long value) {
        await().atMost(Duration.ofSeconds(15)).until(() -> statistic(table, column) == value);
    }

}
