package dev.skein.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The application under test: the whole stack as separate processes, started with the
 * same {@code infra/skein up} a user runs, on its own ports, state folder and database so
 * that it never touches a developer's running stack. Started once per test JVM, stopped
 * at JVM exit.
 *
 * <p>
 * Set {@code SKEIN_E2E_GATEWAY_URL} and {@code SKEIN_E2E_ADMIN_TOKEN} to run the tests
 * against a stack that is already running instead ({@code SKEIN_E2E_LOG_DIR}: its logs).
 */
final class SkeinStack {

    private static SkeinStack instance;

    private final String gatewayUrl;

    private final String adminToken;

    private final Path logs;

    private SkeinStack(String gatewayUrl, String adminToken, Path logs) {
        this.gatewayUrl = gatewayUrl;
        this.adminToken = adminToken;
        this.logs = logs;
    }

    static synchronized SkeinStack get() {
        if (instance == null) {
            String external = System.getenv("SKEIN_E2E_GATEWAY_URL");
            String externalLogs = System.getenv("SKEIN_E2E_LOG_DIR");
            instance = external != null ? new SkeinStack(external, System.getenv("SKEIN_E2E_ADMIN_TOKEN"),
                    externalLogs != null ? Path.of(externalLogs) : null) : startLocal();
        }
        return instance;
    }

    /**
     * The folder of the services' logs ({@code <name>.log}, as {@code infra/skein} writes
     * them), when known: always for a stack these tests started, for another one when
     * {@code SKEIN_E2E_LOG_DIR} names it.
     */
    Optional<Path> logs() {
        return Optional.ofNullable(this.logs);
    }

    String gatewayUrl() {
        return this.gatewayUrl;
    }

    String adminToken() {
        return this.adminToken;
    }

    SkeinClient admin() {
        return new SkeinClient(this.gatewayUrl, this.adminToken);
    }

    /**
     * A client with a new API key of a new tenant: tests never share data by accident.
     */
    SkeinClient newTenant() {
        String tenant = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        return new SkeinClient(this.gatewayUrl, admin().createApiKey(tenant));
    }

    private static SkeinStack startLocal() {
        Path root = repositoryRoot();
        Path home = root.resolve("e2e-tests/target/stack");
        String adminToken = "e2e-admin-" + UUID.randomUUID();
        Map<String, String> env = new HashMap<>();
        env.put("SKEIN_HOME", home.toString());
        env.put("SKEIN_DB_NAME", "skein_e2e");
        env.put("SKEIN_GATEWAY_PORT", "18080");
        env.put("SKEIN_MEMORY_PORT", "18081");
        env.put("SKEIN_RETRIEVAL_PORT", "18082");
        env.put("SKEIN_GENERATION_PORT", "18083");
        env.put("SKEIN_KAFKA_PORT", "19092");
        env.put("SKEIN_KAFKA_CONTROLLER_PORT", "19093");
        env.put("SKEIN_SKIP_BUILD", "1");
        env.put("SKEIN_ADMIN_TOKEN", adminToken);
        // The e2e stack always runs the extractive responder: no LLM is reachable from
        // tests.
        env.put("SKEIN_LLM_BASE_URL", "");
        run(root, env, "up");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run(root, env, "down")));
        return new SkeinStack("http://127.0.0.1:18080", adminToken, home.resolve("logs"));
    }

    private static void run(Path root, Map<String, String> env, String command) {
        try {
            Path log = root.resolve("e2e-tests/target/skein-" + command + ".log");
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of(root.resolve("infra/skein").toString(), command))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("infra/skein " + command + " failed:\n" + Files.readString(log));
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot run infra/skein " + command, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra/skein"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("infra/skein not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

}
