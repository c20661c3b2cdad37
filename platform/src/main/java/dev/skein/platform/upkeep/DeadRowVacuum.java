package dev.skein.platform.upkeep;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Vacuums and analyses the service's own tables (those of its connection's
 * {@code current_schema()}) when the PostgreSQL server runs without autovacuum, by
 * autovacuum's own rules and settings: a table is due when its dead rows, its rows
 * inserted since its last vacuum or its rows changed since its last analysis pass its
 * {@code autovacuum_*_threshold} plus {@code autovacuum_*_scale_factor} times its rows
 * (the table's own storage parameters, else the server's).
 * <p>
 * Why: a turn updates or deletes rows of a dozen tables (the outbox, salience, turn
 * states, term counts), and without autovacuum their dead rows only grow, and the tables
 * are never analysed. Measured on a server with {@code autovacuum = off} after a session
 * of benchmarks: the memory-service's outbox held 229 rows and 56,579 dead ones (51 MB),
 * the generation-service's prompt log 2 rows in 29 MB, and the outbox gauge's
 * {@code count(*)} took 81 ms every 5 seconds (docs/perf/turn-path-profile.md,
 * twenty-fourth round). With autovacuum on, as on any server configured for production,
 * this does nothing but one {@code SHOW} a minute.
 * <p>
 * The retrieval-service's {@code IndexStatistics} analyses its index after each burst of
 * indexing whatever the setting: an import is planned badly for as long as autovacuum's
 * nap. This is the rest, for a server that leaves its tables alone.
 * <p>
 * Several instances of a service may check at once: {@code SKIP_LOCKED} leaves a table
 * another instance is vacuuming to it, and once vacuumed a table is no longer due. The
 * checks run on a thread of their own: a vacuum takes up to a second, and the service's
 * scheduled tasks (the outbox's sweep twice a second) share one thread.
 */
public class DeadRowVacuum implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadRowVacuum.class);

    /**
     * The service's tables autovacuum would vacuum or analyse now, each with what is due:
     * a table's own {@code autovacuum_*} storage parameters win over the server's
     * settings, as they do for autovacuum (the retrieval-service's {@code memory_chunks}
     * has its own insert scale factor), a table with {@code autovacuum_enabled = false}
     * is left alone, and an insert threshold of -1 turns the insert rule off. reltuples
     * is -1 for a table never analysed: taken as empty, as autovacuum does.
     */
    static final String DUE = """
            WITH tables AS (
                SELECT format('%I.%I', s.schemaname, s.relname) AS name, s.n_dead_tup, s.n_ins_since_vacuum,
                       s.n_mod_since_analyze, greatest(c.reltuples, 0) AS tuples, o.options
                  FROM pg_stat_user_tables s
                  JOIN pg_class c ON c.oid = s.relid
                 CROSS JOIN LATERAL (SELECT coalesce(jsonb_object_agg(option_name, option_value), '{}') AS options
                                       FROM pg_options_to_table(c.reloptions)) o
                 WHERE s.schemaname = current_schema()
            ),
            settings AS (
                SELECT name, n_dead_tup, n_ins_since_vacuum, n_mod_since_analyze, tuples,
                       coalesce(options ->> 'autovacuum_enabled', 'true')::boolean AS enabled,
                       coalesce(options ->> 'autovacuum_vacuum_threshold',
                                current_setting('autovacuum_vacuum_threshold'))::float8 AS vacuum_threshold,
                       coalesce(options ->> 'autovacuum_vacuum_scale_factor',
                                current_setting('autovacuum_vacuum_scale_factor'))::float8 AS vacuum_scale,
                       coalesce(options ->> 'autovacuum_vacuum_insert_threshold',
                                current_setting('autovacuum_vacuum_insert_threshold'))::float8 AS insert_threshold,
                       coalesce(options ->> 'autovacuum_vacuum_insert_scale_factor',
                                current_setting('autovacuum_vacuum_insert_scale_factor'))::float8 AS insert_scale,
                       coalesce(options ->> 'autovacuum_analyze_threshold',
                                current_setting('autovacuum_analyze_threshold'))::float8 AS analyze_threshold,
                       coalesce(options ->> 'autovacuum_analyze_scale_factor',
                                current_setting('autovacuum_analyze_scale_factor'))::float8 AS analyze_scale
                  FROM tables
            ),
            due AS (
                SELECT name, n_dead_tup, enabled,
                       n_dead_tup > vacuum_threshold + vacuum_scale * tuples
                           OR (insert_threshold >= 0 AND n_ins_since_vacuum > insert_threshold + insert_scale * tuples)
                           AS vacuum,
                       n_mod_since_analyze > analyze_threshold + analyze_scale * tuples AS needs_analysis
                  FROM settings
            )
            SELECT name, vacuum
              FROM due
             WHERE enabled AND (vacuum OR needs_analysis)
             ORDER BY n_dead_tup DESC
            """;

    private final JdbcTemplate jdbc;

    private final Duration interval;

    private final AtomicLong checks = new AtomicLong();

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread upkeep = new Thread(task, "upkeep-vacuum");
        upkeep.setDaemon(true);
        return upkeep;
    });

    /**
     * @param dataSource the service's own: its {@code current_schema()} names the tables
     * this vacuums
     * @param interval between two checks
     */
    public DeadRowVacuum(DataSource dataSource, Duration interval) {
        // a plain template: VACUUM cannot run inside a transaction, and no statement of a
        // service's own (batching) template may ride along with it
        this.jdbc = new JdbcTemplate(dataSource);
        this.interval = interval;
    }

    /** Checks every interval, the first an interval after the start. */
    public void start() {
        long millis = this.interval.toMillis();
        this.thread.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the checks and waits a while for one under way, so that the pool does not
     * close under its statement.
     */
    @Override
    public void close() {
        this.thread.shutdownNow();
        try {
            this.thread.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** The checks run so far. */
    long checks() {
        return this.checks.get();
    }

    /**
     * Vacuums what is due when the server's autovacuum is off.
     * @return the tables vacuumed
     */
    public List<String> check() {
        this.checks.incrementAndGet();
        try {
            return autovacuumOff() ? vacuumDue() : List.of();
        }
        catch (RuntimeException ex) {
            // the database may be away for a while; the next check tries again
            log.warn("Could not check the tables for dead rows: {}", ex.getMessage());
            return List.of();
        }
    }

    boolean autovacuumOff() {
        return "off".equals(this.jdbc.queryForObject("SHOW autovacuum", String.class));
    }

    /**
     * Vacuums and analyses each table of the schema that autovacuum's rules say is due,
     * or only analyses it when only its analysis is due, whatever the server's setting.
     * @return the tables found due (the server skips one that another session is
     * vacuuming, with a warning)
     */
    List<String> vacuumDue() {
        List<Due> due = this.jdbc.query(DUE, (row, i) -> new Due(row.getString("name"), row.getBoolean("vacuum")));
        long started = System.nanoTime();
        for (Due table : due) {
            // the name comes from the catalogue, quoted by format('%I.%I')
            this.jdbc
                .execute((table.vacuum() ? "VACUUM (ANALYZE, SKIP_LOCKED) " : "ANALYZE (SKIP_LOCKED) ") + table.name());
        }
        List<String> names = due.stream().map(Due::name).toList();
        if (!names.isEmpty()) {
            log.info("Vacuumed or analysed {} (the server runs without autovacuum) in {} ms", names,
                    (System.nanoTime() - started) / 1_000_000);
        }
        return names;
    }

    /** A table found due, and whether for a vacuum or for its analysis alone. */
    private record Due(String name, boolean vacuum) {
    }

}
