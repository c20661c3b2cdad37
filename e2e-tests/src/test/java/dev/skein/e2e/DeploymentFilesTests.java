package dev.skein.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.skein.platform.kafka.KafkaSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files (infra/k8s, docker-compose.yml, Dockerfile) checked without a
 * cluster or a Docker engine: the kustomizations render ({@code kubectl kustomize}),
 * every object passes the Kubernetes API's schema (kubernetes-models,
 * infra/deploy-check), the compose file passes the compose-spec schema (dclint), yamllint
 * is clean, and the rules of docs/kubernetes.md hold: probes on the actuator health
 * groups, resources, non-root read-only pods, a Service, an autoscaler and a disruption
 * budget per service, secrets only by reference, and exactly the {@code SKEIN_*} settings
 * each service reads. {@code infra/skein install} provides kubectl, yamllint, Node.js and
 * the checkers.
 */
class DeploymentFilesTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final List<String> SERVICES = List.of("gateway", "memory-service", "retrieval-service",
            "generation-service");

    private static final Map<String, Integer> PORTS = Map.of("gateway", 8080, "memory-service", 8081,
            "retrieval-service", 8082, "generation-service", 8083);

    /** Variables a container may get that are not Skein's own settings. */
    private static final Set<String> NOT_SKEIN = Set.of("SERVER_ADDRESS", "JAVA_TOOL_OPTIONS",
            "SPRING_PROFILES_ACTIVE");

    /**
     * Settings no deployment sets: the development key exists only in profile local
     * (compose generates it in the gateway's entrypoint), SERVER_ADDRESS replaces the
     * bind addresses, and the peers' ports only make up default URLs that the deployments
     * set whole.
     */
    private static final Set<String> NOT_DEPLOYED = Set.of("SKEIN_DEV_API_KEY", "SKEIN_GATEWAY_ADDRESS",
            "SKEIN_MEMORY_ADDRESS");

    /**
     * Secrets: in a Secret (Kubernetes) or the caller's shell (compose), never in a file.
     */
    private static final Set<String> SECRET = Set.of("SKEIN_DB_PASSWORD", "SKEIN_INTERNAL_TOKEN_SECRET",
            "SKEIN_INTERNAL_TOKEN_PREVIOUS_SECRET", "SKEIN_ADMIN_TOKEN", "SKEIN_LLM_API_KEY",
            "SKEIN_LLM_FALLBACK_API_KEYS", "SKEIN_MASTER_KEY", "SKEIN_METRICS_TOKEN");

    /**
     * Settings read through relaxed binding of a configuration record rather than a
     * placeholder; {@link #relaxedVariablesBind()} proves each.
     */
    private static final Set<String> RELAXED = Set.of("SKEIN_KAFKA_REPLICAS");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(SKEIN_[A-Z0-9_]+)");

    private static final Pattern JAVA_CONSTANT = Pattern.compile("\"(SKEIN_[A-Z0-9_]+)\"");

    private static final Pattern ENV_LINE = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=", Pattern.MULTILINE);

    private static final Map<String, List<Map<String, Object>>> rendered = new LinkedHashMap<>();

    @BeforeAll
    static void render() throws Exception {
        for (String dir : List.of("infra/k8s/base", "infra/k8s/overlays/example")) {
            String yaml = run(List.of("kubectl", "kustomize", dir)).output();
            rendered.put(dir, loadAll(yaml));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "infra/k8s/base", "infra/k8s/overlays/example" })
    void everyObjectPassesTheKubernetesSchema(String dir) throws Exception {
        Path json = Files.createTempFile("skein-k8s", ".json");
        try {
            Files.writeString(json, JsonMapper.builder().build().writeValueAsString(rendered.get(dir)));
            Result result = run(List.of("node", "infra/deploy-check/validate-k8s.mjs", json.toString()));
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("valid apps/v1 Deployment/gateway",
                    "valid autoscaling/v2 HorizontalPodAutoscaler/retrieval-service",
                    "valid policy/v1 PodDisruptionBudget/memory-service", "valid v1 Service/generation-service");
        }
        finally {
            Files.deleteIfExists(json);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSchemaCheckRefusesAnInvalidObject() throws Exception {
        // a container port as text: the check above must be able to fail
        Map<String, Object> broken = copy(deployment("infra/k8s/base", "gateway"));
        Map<String, Object> container = containers(broken).get(0);
        ((List<Map<String, Object>>) container.get("ports")).get(0).put("containerPort", "http");
        Path json = Files.createTempFile("skein-k8s", ".json");
        try {
            Files.writeString(json, JsonMapper.builder().build().writeValueAsString(List.of(broken)));
            Result result = run(List.of("node", "infra/deploy-check/validate-k8s.mjs", json.toString()));
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.output()).contains("invalid apps/v1 Deployment/gateway", "containerPort");
        }
        finally {
            Files.deleteIfExists(json);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "infra/k8s/base", "infra/k8s/overlays/example" })
    void everyServiceHasADeploymentServiceAutoscalerAndDisruptionBudget(String dir) {
        for (String service : SERVICES) {
            Map<String, Object> deployment = deployment(dir, service);
            Map<String, Object> selector = map(map(deployment, "spec"), "selector");

            Map<String, Object> svc = object(dir, "Service", service);
            assertThat(map(svc, "spec").get("selector")).as(service).isEqualTo(selector.get("matchLabels"));
            Map<String, Object> port = list(map(svc, "spec"), "ports").get(0);
            assertThat(port.get("port")).as(service).isEqualTo(PORTS.get(service));

            Map<String, Object> hpa = object(dir, "HorizontalPodAutoscaler", service);
            Map<String, Object> target = map(map(hpa, "spec"), "scaleTargetRef");
            assertThat(target).containsEntry("kind", "Deployment").containsEntry("name", service);
            assertThat((Integer) map(hpa, "spec").get("minReplicas")).as(service).isGreaterThanOrEqualTo(2);

            Map<String, Object> pdb = object(dir, "PodDisruptionBudget", service);
            assertThat(map(pdb, "spec").get("selector")).as(service).isEqualTo(selector);
            assertThat(map(pdb, "spec")).as(service).containsKey("maxUnavailable");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "infra/k8s/base", "infra/k8s/overlays/example" })
    void everyContainerIsProbedSizedAndUnprivileged(String dir) {
        for (String service : SERVICES) {
            Map<String, Object> deployment = deployment(dir, service);
            Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
            assertThat(map(pod, "securityContext")).as(service)
                .containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", 10001);
            assertThat(pod.get("automountServiceAccountToken")).as(service).isEqualTo(false);
            assertThat((Integer) pod.get("terminationGracePeriodSeconds")).as(service).isGreaterThanOrEqualTo(45);

            List<Map<String, Object>> containers = containers(deployment);
            assertThat(containers).as(service).hasSize(1);
            Map<String, Object> container = containers.get(0);
            assertThat(probePath(container, "readinessProbe")).as(service).isEqualTo("/actuator/health/readiness");
            assertThat(probePath(container, "livenessProbe")).as(service).isEqualTo("/actuator/health/liveness");
            assertThat(probePath(container, "startupProbe")).as(service).isEqualTo("/actuator/health/liveness");
            assertThat(list(container, "ports").get(0).get("containerPort")).as(service).isEqualTo(PORTS.get(service));

            Map<String, Object> resources = map(container, "resources");
            assertThat(map(resources, "requests")).as(service).containsKeys("cpu", "memory");
            assertThat(map(resources, "limits")).as(service).containsKey("memory");
            assertThat(bytes(map(resources, "requests").get("memory")))
                .isLessThanOrEqualTo(bytes(map(resources, "limits").get("memory")));

            Map<String, Object> security = map(container, "securityContext");
            assertThat(security).as(service)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
            assertThat(map(security, "capabilities").get("drop")).as(service).isEqualTo(List.of("ALL"));
            assertThat(list(container, "volumeMounts")).as(service)
                .anySatisfy((mount) -> assertThat(mount).containsEntry("mountPath", "/tmp"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "infra/k8s/base", "infra/k8s/overlays/example" })
    void secretsAreOnlyReferenced(String dir) {
        assertThat(rendered.get(dir)).noneSatisfy((object) -> assertThat(object.get("kind")).isEqualTo("Secret"));
        for (Map<String, Object> configMap : objects(dir, "ConfigMap")) {
            assertThat(map(configMap, "data").keySet()).as(name(configMap)).doesNotContainAnyElementsOf(SECRET);
        }
        for (String service : SERVICES) {
            for (Map<String, Object> variable : env(deployment(dir, service))) {
                String name = (String) variable.get("name");
                if (SECRET.contains(name)) {
                    assertThat(variable).as(service + " " + name).doesNotContainKey("value");
                    Map<String, Object> ref = map(map(variable, "valueFrom"), "secretKeyRef");
                    assertThat(ref).as(service + " " + name).containsEntry("name", "skein-secrets");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "infra/k8s/base", "infra/k8s/overlays/example" })
    void everyVariableAPodGetsIsOneItsServiceReads(String dir) throws IOException {
        for (String service : SERVICES) {
            Set<String> given = podVariables(dir, service);
            assertThat(given).as(service + " gets a setting it does not read")
                .allMatch((name) -> reads(service).contains(name) || NOT_SKEIN.contains(name) || RELAXED.contains(name)
                        || isPeerUrl(name));
        }
    }

    @Test
    void everySettingOfAServiceIsListedForKubernetes() throws IOException {
        String shared = Files.readString(ROOT.resolve("infra/k8s/base/config/shared.env"));
        for (String service : SERVICES) {
            Set<String> listed = new TreeSet<>();
            listed.addAll(envFileNames(shared));
            listed.addAll(envFileNames(Files.readString(ROOT.resolve("infra/k8s/base/config/" + service + ".env"))));
            env(deployment("infra/k8s/base", service)).forEach((variable) -> listed.add((String) variable.get("name")));
            assertThat(listed).as(service + ": every setting it reads, set or commented with its default")
                .containsAll(deployable(service));
        }
    }

    @Test
    void composePassesEverySettingOnAndNothingElse() throws IOException {
        Map<String, Object> services = map(compose(), "services");
        for (String service : SERVICES) {
            Set<String> environment = map(map(services, service), "environment").keySet();
            assertThat(environment).as(service + " in compose: every setting it reads")
                .containsAll(deployable(service));
            assertThat(environment).as(service + " in compose: only settings it reads")
                .allMatch((name) -> reads(service).contains(name) || NOT_SKEIN.contains(name) || RELAXED.contains(name)
                        || isPeerUrl(name) || name.equals("SKEIN_DEV_API_KEY"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeWaitsForHealthyServicesAndKeepsKafkaData() throws IOException {
        Map<String, Object> services = map(compose(), "services");
        for (String service : SERVICES) {
            Map<String, Object> healthcheck = map(map(services, service), "healthcheck");
            assertThat(healthcheck.get("test")).as(service)
                .isEqualTo(List.of("CMD", "/app/healthcheck.sh", String.valueOf(PORTS.get(service))));
        }
        Map<String, Object> gatewayDependsOn = map(map(services, "gateway"), "depends_on");
        for (String dependency : List.of("postgres", "kafka", "memory-service", "retrieval-service",
                "generation-service")) {
            assertThat(map(gatewayDependsOn, dependency)).as(dependency).containsEntry("condition", "service_healthy");
        }
        Map<String, Object> kafka = map(services, "kafka");
        String logDirs = (String) map(kafka, "environment").get("KAFKA_LOG_DIRS");
        assertThat((List<String>) kafka.get("volumes")).contains("kafka-data:" + logDirs);
    }

    @Test
    @SuppressWarnings("unchecked")
    void imagesArePinnedToExactVersions() throws IOException {
        Pattern exact = Pattern.compile("[^:@\\s]+:[^:\\s]*\\d+\\.\\d+[^:\\s]*");
        Map<String, Object> services = map(compose(), "services");
        for (Map.Entry<String, Object> service : services.entrySet()) {
            String image = (String) ((Map<String, Object>) service.getValue()).get("image");
            assertThat(image).as(service.getKey()).isNotNull().matches(exact);
        }
        // the local stack's PostgreSQL major version (infra/skein PG_MAJOR) and pgvector
        assertThat((String) map(services, "postgres").get("image")).endsWith("-pg15");
        assertThat(Files.readString(ROOT.resolve("infra/skein"))).contains("PG_MAJOR=15");
        List<String> from = Files.readAllLines(ROOT.resolve("Dockerfile"))
            .stream()
            .filter((line) -> line.startsWith("FROM "))
            .map((line) -> line.split("\\s+")[1])
            .toList();
        assertThat(from).hasSize(2).allMatch((image) -> exact.matcher(image).matches());
    }

    @Test
    void theImageRunsAsTheUserThePodsRequire() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("--uid 10001", "USER 10001:10001", "/app/healthcheck.sh");
    }

    @Test
    void relaxedVariablesBind() {
        // SKEIN_KAFKA_REPLICAS has no placeholder: Spring binds it to
        // skein.kafka.replicas
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("env", Map.of("SKEIN_KAFKA_REPLICAS", "3")));
        KafkaSettings settings = new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("skein.kafka",
                KafkaSettings.class);
        assertThat(settings.replicas()).isEqualTo((short) 3);
        assertThat(RELAXED).containsExactly("SKEIN_KAFKA_REPLICAS");
    }

    @Test
    void yamllintAndTheComposeSchemaAreClean() throws Exception {
        Result lint = run(
                List.of("yamllint", "-s", "-f", "parsable", ".yamllint.yaml", "docker-compose.yml", "infra/k8s"));
        assertThat(lint.exitCode()).as(lint.output()).isZero();
        Result compose = run(List.of("infra/deploy-check/node_modules/.bin/dclint", "docker-compose.yml", "--color",
                "false", "-q", "--disable-rule", "no-build-and-image"));
        assertThat(compose.exitCode()).as(compose.output()).isZero();
    }

    // ---- what the services read ----

    /** Every SKEIN_* variable the service reads: its placeholders and the platform's. */
    private static Set<String> reads(String service) {
        try {
            Set<String> names = new TreeSet<>();
            names.addAll(matches(PLACEHOLDER,
                    Files.readString(ROOT.resolve(service + "/src/main/resources/application.yaml"))));
            try (Stream<Path> files = Files.list(ROOT.resolve("platform/src/main/resources/META-INF/skein"))) {
                for (Path file : files.toList()) {
                    names.addAll(matches(PLACEHOLDER, Files.readString(file)));
                }
            }
            // variables the platform reads itself (SKEIN_OTLP_ENDPOINT)
            try (Stream<Path> files = Files.walk(ROOT.resolve("platform/src/main/java"))) {
                for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
                    names.addAll(matches(JAVA_CONSTANT, Files.readString(file)));
                }
            }
            return names;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * What a deployment must offer: all the service reads but the local-only variables.
     */
    private static Set<String> deployable(String service) {
        Set<String> names = new TreeSet<>(reads(service));
        names.removeAll(NOT_DEPLOYED);
        // the peers' ports only make up default URLs; the deployments set the URLs
        names.removeIf((name) -> name.endsWith("_PORT") && !name.equals(portVariable(service)));
        return names;
    }

    private static boolean isPeerUrl(String name) {
        return Set.of("SKEIN_MEMORY_URL", "SKEIN_RETRIEVAL_URL", "SKEIN_GENERATION_URL").contains(name);
    }

    private static String portVariable(String service) {
        return "SKEIN_" + service.replace("-service", "").toUpperCase() + "_PORT";
    }

    private static Set<String> envFileNames(String content) {
        return matches(ENV_LINE, content);
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    // ---- the rendered objects ----

    /**
     * The variables of the service's container: env and every ConfigMap it takes whole.
     */
    private static Set<String> podVariables(String dir, String service) {
        Map<String, Object> deployment = deployment(dir, service);
        Set<String> names = new TreeSet<>();
        env(deployment).forEach((variable) -> names.add((String) variable.get("name")));
        for (Map<String, Object> source : list(containers(deployment).get(0), "envFrom")) {
            String configMap = (String) map(source, "configMapRef").get("name");
            names.addAll(map(object(dir, "ConfigMap", configMap), "data").keySet());
        }
        return names;
    }

    private static Map<String, Object> deployment(String dir, String service) {
        return object(dir, "Deployment", service);
    }

    private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        return list(map(map(map(deployment, "spec"), "template"), "spec"), "containers");
    }

    private static List<Map<String, Object>> env(Map<String, Object> deployment) {
        return list(containers(deployment).get(0), "env");
    }

    private static String probePath(Map<String, Object> container, String probe) {
        return (String) map(map(container, probe), "httpGet").get("path");
    }

    private static Map<String, Object> object(String dir, String kind, String name) {
        List<Map<String, Object>> found = objects(dir, kind).stream()
            .filter((object) -> name.equals(name(object)))
            .toList();
        assertThat(found).as(dir + ": " + kind + " " + name).hasSize(1);
        return found.get(0);
    }

    private static List<Map<String, Object>> objects(String dir, String kind) {
        return rendered.get(dir).stream().filter((object) -> kind.equals(object.get("kind"))).toList();
    }

    private static String name(Map<String, Object> object) {
        return (String) map(object, "metadata").get("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> object) {
        Yaml yaml = new Yaml();
        return (Map<String, Object>) yaml.load(yaml.dump(object));
    }

    /** A Kubernetes quantity in bytes: 512Mi, 1Gi. */
    private static long bytes(Object quantity) {
        String text = String.valueOf(quantity);
        Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30);
        for (Map.Entry<String, Long> unit : units.entrySet()) {
            if (text.endsWith(unit.getKey())) {
                return Long.parseLong(text.substring(0, text.length() - 2)) * unit.getValue();
            }
        }
        return Long.parseLong(text);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> loadAll(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        // SnakeYAML resolves the file's merge keys (<<: *service, <<: *env)
        return (Map<String, Object>) new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    }

    // ---- the tools ----

    private record Result(int exitCode, String output) {
    }

    /** Runs a tool from the repository root; a missing tool fails with how to get it. */
    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        }
        catch (IOException ex) {
            throw new IllegalStateException(command.get(0) + " is missing: run infra/skein install", ex);
        }
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        Result result = new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        if (command.get(0).equals("kubectl")) {
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
        return result;
    }

}
