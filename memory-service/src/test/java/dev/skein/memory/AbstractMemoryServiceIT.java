package dev.skein.memory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.Topics;
import dev.skein.platform.auth.ServiceTokens;
import dev.skein.testsupport.database.SkeinTestDatabase;
import dev.skein.testsupport.database.StatementCounter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one Spring context of the memory-service's integration tests: the real application
 * against the skein_test database and an embedded KRaft broker. Subclasses add tests,
 * never properties.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "spring.kafka.listener.concurrency=1", "skein.kafka.partitions=1",
                // windows ask for their facts; no generation-service answers unless a
                // test does
                "skein.memory.facts-via-llm=true", "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN",
                "logging.level.state.change.logger=WARN", "logging.level.org.springframework.kafka=WARN",
                // the tests read topics in clear; encryption is tested by the platform
                // (EventCipherTests)
                // and end to end (ErasureCanaryIT)
                "skein.keyring.enabled=false",
                "skein.internal-auth.secret=" + AbstractMemoryServiceIT.INTERNAL_TOKEN_SECRET })
@SkeinTestDatabase
// counts the statements of a call for the tests of endpoints' queries (QueryCountIT)
@Import(StatementCounter.class)
@EmbeddedKafka(partitions = 1,
        topics = { Topics.TURN_REQUESTED, Topics.MEMORY_RECORDED, Topics.MEMORY_IMPORTED, Topics.RECALL_REQUESTED,
                Topics.REPLY_GENERATED, Topics.TURN_COMPLETED, Topics.TURN_FAILED, Topics.CONVERSATION_ERASED,
                Topics.SUMMARY_REQUESTED, Topics.SUMMARY_GENERATED, Topics.MEMORY_SUPERSEDED })
public abstract class AbstractMemoryServiceIT {

    protected static final Duration WAIT = Duration.ofSeconds(30);

    /** Shared by the services of a stack; here only this one. */
    protected static final String INTERNAL_TOKEN_SECRET = "memory-service-it-internal-token-secret";

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected KafkaTemplate<String, String> kafka;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    private KafkaConnectionDetails kafkaConnection;

    /** The service's own tokens: a test calls as a peer would, for the path's tenant. */
    @Autowired
    protected ServiceTokens tokens;

    /** Random per test: the database is shared and never emptied. */
    protected static String randomId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    protected void send(SkeinEvent event, String correlationId) throws Exception {
        this.kafka.send(KafkaEvents.record(event, correlationId)).get(10, TimeUnit.SECONDS);
    }

    /**
     * Waits until {@code count} records keyed by {@code conversationId} are on
     * {@code topic} and returns them in order. Reads the topic from the start with a
     * plain consumer, no group.
     */
    protected <T extends SkeinEvent> List<T> awaitEvents(String topic, String conversationId, int count,
            Class<T> type) {
        List<T> found = new ArrayList<>();
        awaitRecords(List.of(topic), conversationId, event -> true, count)
            .forEach(record -> found.add(type.cast(KafkaEvents.event(record))));
        return found;
    }

    /**
     * The conversation's memories, at least {@code count}: an import's (on
     * {@link Topics#MEMORY_IMPORTED}) first, in their order, then the others (on
     * {@link Topics#MEMORY_RECORDED}), in theirs; the announcements of imports left out.
     */
    protected List<MemoryRecorded> awaitMemories(String conversationId, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>(
                awaitRecords(List.of(Topics.MEMORY_IMPORTED, Topics.MEMORY_RECORDED), conversationId,
                        event -> !((MemoryRecorded) event).announcesImport(), count));
        records.sort(Comparator.comparing(record -> !record.topic().equals(Topics.MEMORY_IMPORTED)));
        return records.stream().map(record -> (MemoryRecorded) KafkaEvents.event(record)).toList();
    }

    /**
     * Reads the topics from the start with a plain consumer, no group, until
     * {@code count} records keyed by {@code conversationId} whose events match are found;
     * each topic's in order.
     */
    protected List<ConsumerRecord<String, String>> awaitRecords(List<String> topics, String conversationId,
            Predicate<SkeinEvent> match, int count) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (conversationId.equals(record.key()) && match.test(KafkaEvents.event(record))) {
                        found.add(record);
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }

    /**
     * Waits for the first record keyed by {@code key} on a topic that carries no event
     * type (a dead-letter topic).
     */
    protected ConsumerRecord<String, String> awaitRecord(String topic, String key) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            await().atMost(WAIT).until(() -> !consumer.partitionsFor(topic).isEmpty());
            List<TopicPartition> partitions = consumer.partitionsFor(topic)
                .stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    /**
     * Correlation ids of the records keyed by {@code conversationId} on {@code topic} so
     * far.
     */
    protected List<String> correlationIds(String topic, String conversationId) {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic)
                .stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (conversationId.equals(record.key())) {
                        ids.add(KafkaEvents.correlationId(record));
                    }
                }
            }
        }
        return ids;
    }

    private KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", this.kafkaConnection.getBootstrapServers()));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    protected Response get(String path) throws Exception {
        return call(signed(path).GET());
    }

    protected Response delete(String path) throws Exception {
        return call(signed(path).DELETE());
    }

    protected Response post(String path, Object body) throws Exception {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return call(signed(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Imports these messages into the conversation of {@code path}: their ids, in order.
     */
    protected List<UUID> importMessages(String path, List<Map<String, Object>> messages) throws Exception {
        Response imported = post(path + "/messages:import", Map.of("messages", messages));
        assertThat(imported.status()).as(String.valueOf(imported.body())).isEqualTo(200);
        List<UUID> ids = new ArrayList<>();
        imported.body().get("messages").forEach(m -> ids.add(UUID.fromString(m.get("messageId").asString())));
        return ids;
    }

    /** A request as a peer service makes it: with a token for the tenant of the path. */
    protected HttpRequest.Builder signed(String path) {
        return HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + this.tokens.issueForPath("memory-service", path));
    }

    protected static String conversationPath(String tenant, String conversation) {
        return "/internal/tenants/" + tenant + "/conversations/" + conversation;
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.port + path);
    }

    protected static Response call(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                body == null || body.isEmpty() ? null : JSON.readTree(body));
    }

    protected record Response(int status, String contentType, JsonNode body) {
    }

}
