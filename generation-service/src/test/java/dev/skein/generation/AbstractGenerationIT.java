package dev.skein.generation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.FlashTurn;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.Topics;
import dev.skein.generation.llm.LlmProviders;
import dev.skein.platform.auth.ServiceTokens;
import dev.skein.testsupport.database.SkeinTestDatabase;
import dev.skein.testsupport.database.StatementCounter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * The one Spring context of the generation-service's integration tests: a real Kafka
 * broker and an LLM, the fake OpenAI-compatible server below, so the LLM path, streaming
 * and the fallback all run in it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "skein.kafka.partitions=1",
        "skein.generation.llm.model=test-model", "skein.generation.llm.api-key=test-key",
        "skein.generation.llm.fallback-models=fallback-model", "skein.generation.llm.fallback-api-keys=fallback-key",
        // long enough for a cold first call on a busy machine; the stall tests wait this
        // long
        "skein.generation.llm.timeout=5s", "skein.generation.llm.deadline=30s",
        // two calls per provider and request; two failures open a provider's breaker
        "skein.generation.llm.resilience.retry-attempts=2", "skein.generation.llm.resilience.retry-backoff=10ms",
        "skein.generation.llm.resilience.breaker-window=4", "skein.generation.llm.resilience.breaker-minimum-calls=2",
        "skein.generation.llm.resilience.breaker-failure-rate=50",
        "skein.generation.llm.resilience.breaker-open-for=10m", "skein.generation.writing.parallelism=2",
        "skein.generation.writing.call-deadline=30s", "skein.generation.writing.retrieval-timeout=5s",
        // leases and retries on a test's time scale (the lease itself stays long: a busy
        // machine must not lose it)
        "skein.generation.writing.lease-renewal=1s", "skein.generation.writing.sweep-interval=2s",
        "skein.generation.writing.retry-backoff=1s",
        // a failing listener is retried at the production pace, only faster
        // (WritingRecoveryIT counts retries)
        "skein.kafka.retry.initial-interval=50ms", "skein.kafka.retry.max-interval=400ms",
        // the tests read topics in clear; encryption is tested by the platform
        // (EventCipherTests)
        // and end to end (ErasureCanaryIT)
        "skein.keyring.enabled=false", "skein.internal-auth.secret=" + AbstractGenerationIT.INTERNAL_TOKEN_SECRET })
// writing jobs live in the generation schema of the test database
@SkeinTestDatabase
// counts the statements of a call for the tests of endpoints' queries
// (WritingQueryCountIT)
@Import(StatementCounter.class)
@EmbeddedKafka(partitions = 1,
        topics = { Topics.EVIDENCE_RETRIEVED, Topics.REPLY_DELTA, Topics.REPLY_GENERATED, Topics.TURN_FAILED,
                Topics.SUMMARY_REQUESTED, Topics.SUMMARY_GENERATED, Topics.WRITING_REQUESTED, Topics.WRITING_PROGRESSED,
                Topics.CONVERSATION_ERASED })
public abstract class AbstractGenerationIT {

    /**
     * Shared by the services of a stack: this one and the fake's memory and retrieval.
     */
    protected static final String INTERNAL_TOKEN_SECRET = "generation-service-it-internal-token-secret";

    protected static final FakeLlmServer LLM = FakeLlmServer.start(INTERNAL_TOKEN_SECRET);

    /** How generatedBy names the fake's providers: model @ host. */
    protected static final String PRIMARY = "llm:test-model@127.0.0.1";

    protected static final String FALLBACK = "llm:fallback-model@127.0.0.1";

    @DynamicPropertySource
    static void llm(DynamicPropertyRegistry registry) {
        registry.add("skein.generation.llm.base-url", () -> LLM.baseUrl("p1"));
        registry.add("skein.generation.llm.fallback-base-urls", () -> LLM.baseUrl("p2"));
        registry.add("skein.generation.writing.retrieval-url", () -> LLM.baseUrl("retrieval"));
        registry.add("skein.generation.writing.memory-url", () -> LLM.baseUrl("memory"));
    }

    @Autowired
    private KafkaTemplate<String, String> kafka;

    @Autowired
    private KafkaConnectionDetails connectionDetails;

    @Autowired
    protected LlmProviders providers;

    @Autowired
    private Environment environment;

    /** The service's own tokens: a test calls as a peer would, for the path's tenant. */
    @Autowired
    protected ServiceTokens tokens;

    @AfterEach
    void resetLlm() {
        LLM.reset();
        // one context for all tests: a breaker one test opened must not skip a provider
        // in the next
        this.providers.reset();
    }

    protected void publish(SkeinEvent event, String correlationId) throws Exception {
        this.kafka.send(KafkaEvents.record(event, correlationId)).get();
    }

    /**
     * GET on this service's HTTP port, as a peer service: with a token for the path's
     * tenant.
     */
    protected HttpResponse<String> get(String path) throws Exception {
        return get(path, this.tokens.issueForPath("generation-service", path));
    }

    /** GET on this service's HTTP port with {@code token} (null: none). */
    protected HttpResponse<String> get(String path, String token) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder request = HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + this.environment.getProperty("local.server.port") + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Reads the topic from its start until {@code count} records of the conversation
     * arrived.
     */
    protected List<ConsumerRecord<String, String>> records(String topic, String conversationId, int count) {
        return records(topic, conversationId, found -> found.size() >= count);
    }

    /**
     * Reads the topic from its start until the records of the conversation so far satisfy
     * {@code enough}.
     */
    protected List<ConsumerRecord<String, String>> records(String topic, String conversationId,
            java.util.function.Predicate<List<ConsumerRecord<String, String>>> enough) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", this.connectionDetails.getBootstrapServers()),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic)
                .stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (conversationId.equals(record.key())) {
                        found.add(record);
                    }
                }
                return enough.test(found);
            });
        }
        return found;
    }

    protected static EvidenceRetrieved evidenceRetrieved(String conversationId, String question,
            List<Evidence> evidence, boolean stream) {
        FlashTurn previous = new FlashTurn(UUID.randomUUID(), 40, "assistant", null, "Anything else?", "ext-40",
                Instant.parse("2024-02-01T09:00:00Z"));
        FlashTurn userTurn = new FlashTurn(UUID.randomUUID(), 41, "user", "Alice", question, "ext-41",
                Instant.parse("2024-02-01T09:01:00Z"));
        return new EvidenceRetrieved(UUID.randomUUID(), Instant.now(), "tenant-it", conversationId, UUID.randomUUID(),
                userTurn, List.of(previous), evidence, 5000, stream);
    }

    protected static Evidence oldTurn(String text) {
        return new Evidence(UUID.randomUUID(), "turn", null, text, 0.83, List.of("ext-3"), List.of(UUID.randomUUID()),
                3, 3, Instant.parse("2023-05-01T18:30:00Z"));
    }

}
