package dev.skein.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnRequested;
import dev.skein.testsupport.database.SkeinTestDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one Spring context of the gateway's integration tests: a real KRaft broker (the
 * only mode of spring-kafka-test 4, so {@code @EmbeddedKafka} has no {@code kraft}
 * attribute any more), the skein_test database, and the memory/retrieval/generation
 * services played by {@link UpstreamStandIn}s. The test plays the rest of a turn through
 * the broker: it reads TurnRequested and answers with ReplyDelta, TurnCompleted or
 * TurnFailed. Every test uses fresh tenant and conversation ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "skein.gateway.admin-token=" + AbstractGatewayIT.ADMIN_TOKEN,
        "skein.gateway.dev-api-key=" + AbstractGatewayIT.DEV_KEY,
        // long enough for a test that plays the memory-service on a busy machine;
        // TurnIT.unansweredTurnTimesOut waits it out once
        "skein.gateway.turn-timeout=10s",
        // a writing stream's heartbeat (and state re-read) every second, so a
        // test sees it
        "skein.gateway.writing.heartbeat=1s", "skein.kafka.partitions=1",
        // High for every tenant, so no test trips it, except the one tenant
        // RateLimitIT uses.
        "skein.gateway.rate-limit.per-minute=100000",
        "skein.gateway.rate-limit.overrides." + AbstractGatewayIT.RATE_LIMITED_TENANT + "=3",
        "management.endpoint.health.show-components=always", "management.endpoint.health.show-details=always",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN",
        // the tests read topics in clear; encryption is tested by the platform
        // (EventCipherTests)
        // and end to end (ErasureCanaryIT)
        "skein.keyring.enabled=false", "skein.internal-auth.secret=" + AbstractGatewayIT.INTERNAL_TOKEN_SECRET })
@SkeinTestDatabase(currentSchema = "gateway,public")
@EmbeddedKafka(partitions = 1, topics = { Topics.TURN_REQUESTED, Topics.TURN_COMPLETED, Topics.TURN_FAILED,
        Topics.REPLY_DELTA, Topics.WRITING_REQUESTED, Topics.WRITING_PROGRESSED })
abstract class AbstractGatewayIT {

    static final String ADMIN_TOKEN = "test-admin-token-3f9c";

    /**
     * The tenant with a limit of 3 requests per minute; the limiter's buckets live per
     * context.
     */
    static final String RATE_LIMITED_TENANT = "rate-limited-tenant";

    /** Configured, but the gateway must ignore it outside profile local. */
    static final String DEV_KEY = "sk-skein-00000000000000000000000000000000000000de";

    /** Shared by the gateway and the services its stand-ins play. */
    static final String INTERNAL_TOKEN_SECRET = "gateway-it-internal-token-secret-0123";

    static final UpstreamStandIn memory = UpstreamStandIn.start("memory-service", INTERNAL_TOKEN_SECRET);

    static final UpstreamStandIn retrieval = UpstreamStandIn.start("retrieval-service", INTERNAL_TOKEN_SECRET);

    static final UpstreamStandIn generation = UpstreamStandIn.start("generation-service", INTERNAL_TOKEN_SECRET);

    static final JsonMapper json = JsonMapper.builder().build();

    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("skein.gateway.memory-url", memory::url);
        registry.add("skein.gateway.retrieval-url", retrieval::url);
        registry.add("skein.gateway.generation-url", generation::url);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConsumerFactory<String, Object> consumerFactory;

    @Autowired
    KafkaTemplate<String, String> kafka;

    /** Reads chat.turn-requested.v1 from where it ended when the test started. */
    Consumer<String, Object> turnRequests;

    /** Requests of the test's conversations polled but not yet asked for. */
    private final List<Requested> unreadTurnRequests = new ArrayList<>();

    @BeforeEach
    void openTurnRequests() {
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(json.readTree(get("/actuator/health", null).body())
                .at("/components/replyListener/status")
                .asString()).isEqualTo("UP"));
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.turnRequests = this.consumerFactory.createConsumer(null, "test-turn-requests", null, overrides);
        List<TopicPartition> partitions = this.turnRequests.partitionsFor(Topics.TURN_REQUESTED)
            .stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
        this.turnRequests.assign(partitions);
        this.turnRequests.seekToEnd(partitions);
        partitions.forEach(this.turnRequests::position);
    }

    @AfterEach
    void closeTurnRequests() {
        this.turnRequests.close(Duration.ofSeconds(1));
    }

    // --- HTTP
    // -----------------------------------------------------------------------------------

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.port + path);
    }

    HttpRequest.Builder request(String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request;
    }

    HttpResponse<String> get(String path, String apiKey) {
        return send(request(path, apiKey).GET().build());
    }

    HttpResponse<String> delete(String path, String apiKey) {
        return send(request(path, apiKey).DELETE().build());
    }

    HttpResponse<String> post(String path, String apiKey, String body) {
        return send(postRequest(path, apiKey, body));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String apiKey, String body) {
        return http.sendAsync(postRequest(path, apiKey, body), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest postRequest(String path, String apiKey, String body) {
        return request(path, apiKey).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    /**
     * Asserts OpenAI's error shape (the OpenAI paths) for a problem of the given status
     * and type name; returns the error object, which keeps the problem's other members.
     */
    static JsonNode assertOpenAiError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
            .hasValueSatisfying(contentType -> assertThat(contentType).startsWith("application/json"));
        JsonNode error = body(response).path("error");
        assertThat(error.path("code").asString()).isEqualTo(code);
        assertThat(error.path("message").asString()).isNotBlank();
        assertThat(error.path("status").asInt()).isEqualTo(status);
        return error;
    }

    /** Asserts an RFC 9457 problem of the given status and type name. */
    static JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
            .hasValueSatisfying(contentType -> assertThat(contentType).startsWith("application/problem+json"));
        JsonNode problem = body(response);
        assertThat(problem.path("type").asString()).isEqualTo("https://skein.dev/problems/" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    /** The fields named in the {@code errors} list of a validation problem. */
    static List<String> errorFields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(error -> fields.add(error.path("field").asString()));
        return fields;
    }

    // --- tenants and keys
    // ----------------------------------------------------------------------

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Issues a key through the admin API. */
    JsonNode issueKey(String tenantId) {
        HttpResponse<String> response = send(request("/admin/tenants/" + tenantId + "/api-keys", ADMIN_TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"test\"}"))
            .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return body(response);
    }

    String newApiKey(String tenantId) {
        return issueKey(tenantId).path("apiKey").asString();
    }

    // --- the Kafka side of a turn
    // --------------------------------------------------------------

    /**
     * The next TurnRequested of this conversation (others are skipped), with its
     * correlation id.
     */
    Requested nextTurnRequested(String conversationId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (Iterator<Requested> unread = this.unreadTurnRequests.iterator(); unread.hasNext();) {
                Requested requested = unread.next();
                if (conversationId.equals(requested.event().conversationId())) {
                    unread.remove();
                    return requested;
                }
            }
            // one poll can hold several requests (copies sent at once): the rest wait
            // here
            for (ConsumerRecord<String, Object> record : this.turnRequests.poll(Duration.ofMillis(100))) {
                if (conversationId.equals(record.key())) {
                    this.unreadTurnRequests
                        .add(new Requested((TurnRequested) record.value(), KafkaEvents.correlationId(record)));
                }
            }
        }
        throw new AssertionError("No TurnRequested for " + conversationId);
    }

    void produce(SkeinEvent event) {
        try {
            this.kafka.send(KafkaEvents.record(event, "test")).get();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    record Requested(TurnRequested event, String correlationId) {
    }

}
