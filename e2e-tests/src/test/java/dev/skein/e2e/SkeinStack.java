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
 * against a stack that is already running instead ({@code SKEIN_E2E_LOG_DIR}: its logs);
 * the tests of its internal ports also need {@code SKEIN_E2E_MEMORY_URL},
 * {@code SKEIN_E2E_RETRIEVAL_URL}, {@code SKEIN_E2E_GENERATION_URL} and
 * {@code SKEIN_E2E_INTERNAL_TOKEN_SECRET}, and are skipped without them.
 */
final class SkeinStack {

    /**
     * The gateway's port; the services follow it (+1..+3), Kafka at +1012/+1013 and the
     * span receiver at -3762 (18080: 18081-18083, 19092/19093, 14318).
     * {@code SKEIN_E2E_PORT_BASE} moves them all, for a run beside another one.
     */
    private static final int PORT_BASE = Integer.parseInt(System.getenv().getOrDefault("SKEIN_E2E_PORT_BASE", "18080"));

    private static final int OTLP_PORT = PORT_BASE - 3762;

    private static SkeinStack instance;

    private final String gatewayUrl;

    private final String adminToken;

    private final Internal internal;

    private final OtlpReceiver traces;

    private final Path logs;

    /**
     * The repository and the environment of infra/skein up: null for an external stack.
     */
    private final Path root;

    private final Map<String, String> env;

    private final String metricsToken;

    private SkeinStack(String gatewayUrl, String adminToken, Internal internal, OtlpReceiver traces, Path logs,
            Path root, Map<String, String> env, String metricsToken) {
        this.metricsToken = metricsToken;
        this.gatewayUrl = gatewayUrl;
        this.adminToken = adminToken;
        this.internal = internal;
        this.traces = traces;
        this.logs = logs;
        this.root = root;
        this.env = env;
    }

    static synchronized SkeinStack get() {
        if (instance == null) {
            String external = System.getenv("SKEIN_E2E_GATEWAY_URL");
            String externalLogs = System.getenv("SKEIN_E2E_LOG_DIR");
            instance = external != null ? new SkeinStack(external, System.getenv("SKEIN_E2E_ADMIN_TOKEN"),
                    new Internal(System.getenv("SKEIN_E2E_MEMORY_URL"), System.getenv("SKEIN_E2E_RETRIEVAL_URL"),
                            System.getenv("SKEIN_E2E_GENERATION_URL"),
                            System.getenv("SKEIN_E2E_INTERNAL_TOKEN_SECRET")),
                    null, externalLogs != null ? Path.of(externalLogs) : null, null, null,
                    System.getenv("SKEIN_E2E_METRICS_TOKEN")) : startLocal();
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

    /** The bearer token of every service's /actuator/prometheus (SKEIN_METRICS_TOKEN). */
    String metricsToken() {
        return this.metricsToken;
    }

    /**
     * The state folder of a stack these tests started ({@code infra/skein}'s SKEIN_HOME:
     * logs/, kafka-data/); empty for another one.
     */
    Optional<Path> home() {
        return this.traces == null ? Optional.empty() : logs().map(Path::getParent);
    }

    /** The database of a stack these tests started. */
    static String databaseName() {
        return System.getenv().getOrDefault("SKEIN_E2E_DB_NAME", "skein_e2e");
    }

    /** The services' own ports and the secret they sign internal calls with. */
    Internal internal() {
        return this.internal;
    }

    /**
     * The spans every service of the local stack exports; null for an external stack.
     */
    OtlpReceiver traces() {
        return this.traces;
    }

    /**
     * The base URL of a service's own port (its actuator), when the stack is local; null
     * for an external stack.
     */
    String serviceUrl(String service) {
        if (this.traces == null) {
            return null;
        }
        return switch (service) {
            case "gateway" -> url(0);
            case "memory-service" -> url(1);
            case "retrieval-service" -> url(2);
            case "generation-service" -> url(3);
            default -> throw new IllegalArgumentException(service);
        };
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
        // given, not generated by infra/skein: the tests of the internal ports sign with
        // it
        String internalTokenSecret = "e2e-internal-" + UUID.randomUUID() + UUID.randomUUID();
        Map<String, String> env = new HashMap<>();
        env.put("SKEIN_HOME", home.toString());
        // a database of its own (created by infra/skein up), for a branch whose
        // migrations differ
        env.put("SKEIN_DB_NAME", databaseName());
        env.put("SKEIN_GATEWAY_PORT", Integer.toString(PORT_BASE));
        env.put("SKEIN_MEMORY_PORT", Integer.toString(PORT_BASE + 1));
        env.put("SKEIN_RETRIEVAL_PORT", Integer.toString(PORT_BASE + 2));
        env.put("SKEIN_GENERATION_PORT", Integer.toString(PORT_BASE + 3));
        env.put("SKEIN_KAFKA_PORT", Integer.toString(PORT_BASE + 1012));
        env.put("SKEIN_KAFKA_CONTROLLER_PORT", Integer.toString(PORT_BASE + 1013));
        env.put("SKEIN_SKIP_BUILD", "1");
        env.put("SKEIN_ADMIN_TOKEN", adminToken);
        env.put("SKEIN_INTERNAL_TOKEN_SECRET", internalTokenSecret);
        String metricsToken = "e2e-metrics-" + UUID.randomUUID();
        env.put("SKEIN_METRICS_TOKEN", metricsToken);
        // The e2e stack always runs the extractive responder: no LLM is reachable from
        // tests.
        env.put("SKEIN_LLM_BASE_URL", "");
        // The adapters' example apps make ~13 calls a turn for 200 turns; the limit
        // itself
        // is tested by the gateway's RateLimitIT and MultiInstanceIT (a stack of its
        // own).
        env.put("SKEIN_RATE_LIMIT_PER_MINUTE", "100000");
        // Every service exports its spans here, so a test can check one turn's trace
        // tree.
        OtlpReceiver traces = OtlpReceiver.start(OTLP_PORT);
        env.put("SKEIN_OTLP_ENDPOINT", "http://127.0.0.1:" + OTLP_PORT);
        run(root, env, "up");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            run(root, env, "down");
            traces.stop();
        }));
        return new SkeinStack(url(0), adminToken, new Internal(url(1), url(2), url(3), internalTokenSecret), traces,
                home.resolve("logs"), root, env, metricsToken);
    }

    private static String url(int offset) {
        return "http://127.0.0.1:" + (PORT_BASE + offset);
    }

    /** Whether these tests started the stack (and may stop and start its processes). */
    boolean local() {
        return this.root != null;
    }

    /**
     * {@code infra/skein kill|restart <component>} on the local stack, with the
     * environment it was started with (a restarted service gets the same configuration).
     */
    void control(String command, String component) {
        if (!local()) {
            throw new IllegalStateException("not a stack these tests started");
        }
        Map<String, String> env = new HashMap<>(this.env);
        // a restart on a loaded machine (CI) may take minutes: wait, as a crash's
        // recovery
        env.put("SKEIN_START_TIMEOUT", "600");
        run(this.root, env, command, component);
    }

    /** The database of the local stack (role skein, as infra/skein db creates it). */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + this.env.get("SKEIN_DB_NAME");
    }

    private static void run(Path root, Map<String, String> env, String command, String... args) {
        try {
            Path log = root.resolve("e2e-tests/target/skein-"
                    + String.join("-", command, String.join("-", args)).replaceAll("-$", "") + ".log");
            Files.createDirectories(log.getParent());
            List<String> line = new java.util.ArrayList<>(List.of(root.resolve("infra/skein").toString(), command));
            line.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(line).directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        "infra/skein " + command + " " + String.join(" ", args) + " failed:\n" + Files.readString(log));
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

    /** Where the services listen (never published beyond the host) and their secret. */
    record Internal(String memoryUrl, String retrievalUrl, String generationUrl, String tokenSecret) {

        boolean known() {
            return this.memoryUrl != null && this.retrievalUrl != null && this.generationUrl != null
                    && this.tokenSecret != null;
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
