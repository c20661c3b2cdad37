package dev.skein.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.e2e.BadInputs.Case;
import dev.skein.e2e.SkeinClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes every public endpoint with generated bad requests ({@link BadInputs}: wrong
 * types, sizes, encodings, ids, nesting, huge numbers, broken bodies, wrong methods,
 * media types and keys) through the gateway of the running stack, and asserts for each a
 * 4xx answer that is an RFC 9457 problem; then that nothing was stored (the conversations
 * the requests named do not exist, a seeded one is unchanged), that no service logged an
 * ERROR meanwhile, and that the stack still answers a chat turn. The seed and the case
 * count are {@code -Dskein.fuzz.seed} and {@code -Dskein.fuzz.cases}; a failure names the
 * case, so it can be replayed from the seed.
 */
class BadInputFuzzIT {

    private static final long SEED = Long.getLong("skein.fuzz.seed", 20_261_204L);

    private static final int CASES = Integer.getInteger("skein.fuzz.cases", 2000);

    private static final int CLIENTS = 2;

    /** A log line at level ERROR, as Spring Boot writes them: time, then level. */
    private static final Pattern ERROR_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\S+\\s+ERROR\\b.*");

    private static final List<String> SERVICES = List.of("gateway", "memory-service", "retrieval-service",
            "generation-service");

    private final SkeinStack stack = SkeinStack.get();

    @Test
    void everyBadRequestIsAFourHundredProblemThatChangesNothing() throws Exception {
        // a tenant's rate limit holds 600 requests a minute: the cases are spread over
        // three
        List<SkeinClient> tenants = List.of(this.stack.newTenant(), this.stack.newTenant(), this.stack.newTenant());
        String run = "fz" + UUID.randomUUID().toString().substring(0, 6) + "-";
        String seeded = run + "seeded";
        Response imported = tenants.get(0).post("/v1/conversations/" + seeded + "/messages:import", """
                {"messages":[{"role":"user","content":"I parked on level 3.","externalId":"s-1"},
                             {"role":"assistant","content":"Noted: level 3.","externalId":"s-2"},
                             {"role":"user","content":"The car is blue.","externalId":"s-3"}]}""");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        String transcriptBefore = transcript(tenants.get(0), seeded);
        Map<String, Long> logOffsets = logOffsets();
        BadInputs inputs = new BadInputs(SEED, tenants.stream().map(SkeinClient::apiKey).toList(),
                this.stack.adminToken(), seeded, run);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cases.add(inputs.next(i));
        }

        long started = System.nanoTime();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        RawHttp http = new RawHttp(this.stack.gatewayUrl());
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> sent = new ArrayList<>();
        for (Case bad : cases) {
            sent.add(clients.submit(() -> {
                RawHttp.Response response;
                try {
                    response = http.send(bad.method(), bad.target(), bad.headers(), bad.body());
                }
                catch (IOException ex) {
                    failures.add(bad + " -> no answer: " + ex);
                    return;
                }
                byStatus.computeIfAbsent(Integer.toString(response.status()), status -> new AtomicInteger())
                    .incrementAndGet();
                String problem = problemError(response);
                if (problem != null) {
                    failures.add(bad + " -> " + problem);
                }
            }));
        }
        for (Future<?> request : sent) {
            request.get();
        }
        clients.shutdown();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        print(cases, byStatus, took);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(failures).as("cases not answered with a 4xx problem (seed %d)", SEED).isEmpty();
        assertNothingStored(tenants, inputs.fuzzConversations(), seeded, transcriptBefore);
        assertNoErrorLogged(logOffsets);
        assertHealthy(tenants.get(1), run);
    }

    /** Null when the answer is a 4xx problem of Skein's, else what is wrong with it. */
    private static String problemError(RawHttp.Response response) {
        if (response.status() < 400 || response.status() > 499) {
            return "status " + response.status() + " " + abbreviate(response.body());
        }
        if (response.contentType().startsWith("application/json")) {
            // the OpenAI paths answer OpenAI's error shape, the problem's members inside
            // it
            JsonNode error = SkeinClient.JSON.readTree(response.body()).path("error");
            return error.path("status").asInt() == response.status() && error.path("message").isString()
                    && error.path("type").isString() ? null : "not an OpenAI error: " + abbreviate(response.body());
        }
        if (!response.contentType().startsWith("application/problem+json")) {
            return "status " + response.status() + " as " + response.contentType() + ": " + abbreviate(response.body());
        }
        try {
            JsonNode problem = SkeinClient.JSON.readTree(response.body());
            if (!problem.path("type").asString().startsWith("https://skein.dev/problems/")
                    || problem.path("status").asInt() != response.status()) {
                return "not a Skein problem: " + abbreviate(response.body());
            }
        }
        catch (RuntimeException ex) {
            return "problem body is not JSON: " + abbreviate(response.body());
        }
        return null;
    }

    private static void assertNothingStored(List<SkeinClient> tenants, List<String> conversations, String seeded,
            String transcriptBefore) {
        for (SkeinClient tenant : tenants) {
            for (String conversation : conversations) {
                assertThat(tenant.get("/v1/conversations/" + conversation).status())
                    .as("conversation %s was never created", conversation)
                    .isEqualTo(404);
            }
        }
        assertThat(transcript(tenants.get(0), seeded)).as("the seeded conversation is unchanged")
            .isEqualTo(transcriptBefore);
    }

    private static String transcript(SkeinClient tenant, String conversation) {
        Response transcript = tenant.get("/v1/conversations/" + conversation + "/messages");
        assertThat(transcript.status()).as(transcript.body()).isEqualTo(200);
        return transcript.body();
    }

    /** Where each service's log ends now; absent when the stack's logs are unknown. */
    private Map<String, Long> logOffsets() throws IOException {
        Map<String, Long> offsets = new TreeMap<>();
        if (this.stack.logs().isPresent()) {
            for (String service : SERVICES) {
                Path log = this.stack.logs().get().resolve(service + ".log");
                offsets.put(service, Files.exists(log) ? Files.size(log) : 0L);
            }
        }
        return offsets;
    }

    private void assertNoErrorLogged(Map<String, Long> offsets) throws IOException, InterruptedException {
        if (offsets.isEmpty()) {
            System.out.println("fuzz: the stack's logs are unknown (SKEIN_E2E_LOG_DIR): no log check");
            return;
        }
        // what a request set off (a Kafka hop, an outbox relay) has time to log
        Thread.sleep(2000);
        List<String> errors = new ArrayList<>();
        long read = 0;
        for (Map.Entry<String, Long> offset : offsets.entrySet()) {
            Path log = this.stack.logs().get().resolve(offset.getKey() + ".log");
            String appended = appended(log, offset.getValue());
            read += appended.length();
            for (String line : appended.split("\n")) {
                if (ERROR_LINE.matcher(line).matches()) {
                    errors.add(offset.getKey() + ": " + abbreviate(line));
                }
            }
        }
        System.out.printf("fuzz: %,d characters logged by %d services meanwhile, %d ERROR lines%n", read,
                offsets.size(), errors.size());
        assertThat(errors).as("ERROR lines logged while the bad requests were answered").isEmpty();
    }

    private static String appended(Path log, long from) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            // a log that was rotated meanwhile is read from its start
            long start = file.length() < from ? 0 : from;
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private void assertHealthy(SkeinClient tenant, String run) {
        Response health = tenant.withKey(null).get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        Response turn = tenant.say(run + "after", "After all that, where did I park?");
        assertThat(turn.status()).as(turn.body()).isEqualTo(200);
        assertThat(turn.json().path("reply").path("content").asString()).isNotBlank();
    }

    private static void print(List<Case> cases, Map<String, AtomicInteger> byStatus, Duration took) {
        Map<String, Integer> byEndpoint = new TreeMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        for (Case bad : cases) {
            byEndpoint.merge(bad.endpoint(), 1, Integer::sum);
            for (String kind : bad.kind().split("\\+")) {
                byKind.merge(kind, 1, Integer::sum);
            }
        }
        Map<String, Integer> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(status, count.get()));
        System.out.printf("fuzz: %d bad requests (seed %d) in %.1f s with %d clients%n", cases.size(), SEED,
                took.toMillis() / 1000.0, CLIENTS);
        System.out.println("fuzz: by endpoint " + byEndpoint);
        System.out.println("fuzz: by mutation " + byKind);
        System.out.println("fuzz: by status " + statuses);
    }

    private static String abbreviate(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

}
