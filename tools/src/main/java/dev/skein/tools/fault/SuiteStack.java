package dev.skein.tools.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The suite's own stack: a PostgreSQL cluster of its own (it is restarted mid-run, and
 * the machine's cluster serves others), and Kafka plus the four services started by the
 * same {@code infra/skein up} a user runs, with their own state folder and ports. Crashes
 * and restarts go through {@code infra/skein kill} and {@code restart}.
 */
final class SuiteStack {

    private static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path root;

    private final Path home;

    private final int portBase;

    private final int pgPort;

    private final Map<String, String> env = new HashMap<>();

    SuiteStack(Path root, Path home, int portBase, int pgPort) {
        this.root = root;
        this.home = home;
        this.portBase = portBase;
        this.pgPort = pgPort;
        this.env.put("SKEIN_HOME", home.toString());
        this.env.put("SKEIN_DB_HOST", "127.0.0.1");
        this.env.put("SKEIN_DB_PORT", Integer.toString(pgPort));
        this.env.put("SKEIN_DB_NAME", "skein");
        this.env.put("SKEIN_GATEWAY_PORT", Integer.toString(portBase));
        this.env.put("SKEIN_MEMORY_PORT", Integer.toString(portBase + 1));
        this.env.put("SKEIN_RETRIEVAL_PORT", Integer.toString(portBase + 2));
        this.env.put("SKEIN_GENERATION_PORT", Integer.toString(portBase + 3));
        this.env.put("SKEIN_KAFKA_PORT", Integer.toString(portBase + 1012));
        this.env.put("SKEIN_KAFKA_CONTROLLER_PORT", Integer.toString(portBase + 1013));
        this.env.put("SKEIN_SKIP_BUILD", "1");
        // a loaded machine starts a service in minutes, not seconds
        this.env.put("SKEIN_START_TIMEOUT", "600");
        // the extractive responder: the suite measures Skein, not an LLM
        this.env.put("SKEIN_LLM_BASE_URL", "");
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + this.portBase;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + this.pgPort + "/skein";
    }

    String apiKey() throws IOException {
        return Files.readString(this.home.resolve("dev-api-key")).trim();
    }

    /** Stops what an earlier run left, starts from an empty state folder. */
    void start() throws IOException {
        Path data = this.home.resolve("pg");
        if (Files.exists(this.home)) {
            infra("down");
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    postgres("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
                }
                catch (IllegalStateException ex) {
                    // a stale pid file of a cluster that is not running
                }
            }
            try (Stream<Path> files = Files.walk(this.home)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(data);
        if (root()) {
            run(List.of("chown", "postgres:postgres", data.toString()), Map.of());
        }
        postgres("initdb", "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions");
        startPostgres();
        infra("up");
    }

    void kill(String component) {
        infra("kill", component);
    }

    void restart(String component) {
        infra("restart", component);
    }

    /** A fast restart: open connections are cut, as a crash or failover would. */
    void restartPostgres() {
        Path data = this.home.resolve("pg");
        postgres("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
        startPostgres();
    }

    void stop() {
        infra("down");
        Path data = this.home.resolve("pg");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            postgres("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
        }
    }

    private void startPostgres() {
        Path data = this.home.resolve("pg");
        postgres("pg_ctl", "-D", data.toString(), "-l", data.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + this.pgPort + " -c listen_addresses=127.0.0.1 -k " + data, "start");
    }

    /** A PostgreSQL program as the postgres OS user (it refuses to run as root). */
    private void postgres(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(PG_BIN.resolve(program).toString());
        command.addAll(List.of(args));
        run(command, Map.of());
    }

    private void infra(String... args) {
        List<String> command = new ArrayList<>();
        command.add(this.root.resolve("infra/skein").toString());
        command.addAll(List.of(args));
        run(command, this.env);
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void run(List<String> command, Map<String, String> env) {
        try {
            Path log = this.home.resolve("suite-commands.log");
            Files.createDirectories(this.home);
            Files.writeString(log, "$ " + String.join(" ", command) + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).directory(this.root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (!env.isEmpty()) {
                // nothing of the caller's own stack (SKEIN_* of a shell) may reach this
                // one
                builder.environment().keySet().removeIf(name -> name.startsWith("SKEIN_"));
                builder.environment().putAll(env);
            }
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed; see " + log);
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot run " + command, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
