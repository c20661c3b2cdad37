package dev.skein.retrieval;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;

import dev.skein.contracts.FlashTurn;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.Topics;
import dev.skein.platform.auth.ServiceTokens;
import dev.skein.testsupport.database.SkeinTestDatabase;
import dev.skein.testsupport.database.StatementCounter;

import static org.awaitility.Awaitility.await;

/**
 * The one Spring context of the module's integration tests: the whole service on a random
 * port, the real PostgreSQL (database skein_test, with pgvector) and a real embedded
 * broker (Spring Kafka 4 runs it in KRaft mode only; the {@code kraft} attribute is
 * gone). Every test uses its own random tenant and conversation ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "skein.kafka.partitions=1",
                "skein.retrieval.search-wait=2s",
                // RecallIT: a recall waiting for its index must still wait while another
                // conversation's recall is embedded and searched on a busy machine
                "skein.retrieval.recall-index-wait=8s",
                // LongInputIT reads a 20,000-token document however busy the machine is
                "skein.retrieval.long-input.max-chars=200000", "skein.retrieval.long-input.deadline=5m",
                // tests call IndexStatistics.analyzeIfDue() themselves: no scheduled run
                // in between
                "skein.retrieval.analyze-check-millis=3600000", "logging.level.org.apache.kafka=WARN",
                "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN",
                // the tests read topics in clear; encryption is tested by the platform
                // (EventCipherTests)
                // and end to end (ErasureCanaryIT)
                "skein.keyring.enabled=false",
                "skein.internal-auth.secret=" + AbstractRetrievalIT.INTERNAL_TOKEN_SECRET })
@SkeinTestDatabase
// counts the statements of a call for the tests of their round trips
// (RecallStatementsIT)
@Import(StatementCounter.class)
@EmbeddedKafka(partitions = 1, topics = { Topics.MEMORY_RECORDED, Topics.MEMORY_IMPORTED, Topics.RECALL_REQUESTED,
        Topics.CONVERSATION_ERASED, Topics.EVIDENCE_RETRIEVED, Topics.TURN_FAILED, Topics.MEMORY_SUPERSEDED })
public abstract class AbstractRetrievalIT {

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    /** Shared by the services of a stack; here only this one. */
    protected static final String INTERNAL_TOKEN_SECRET = "retrieval-service-it-internal-token-secret";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected KafkaTemplate<String, String> kafka;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    private KafkaConnectionDetails kafkaConnection;

    /** The service's own tokens: a test calls as a peer would, for the path's tenant. */
    @Autowired
    protected ServiceTokens tokens;

    protected String tenant;

    protected String conversation;

    protected UUID conversationUid;

    @BeforeEach
    void newConversation() {
        this.tenant = "tenant-" + UUID.randomUUID();
        this.conversation = "conv-" + UUID.randomUUID();
        this.conversationUid = UUID.randomUUID();
    }

    protected void publish(SkeinEvent event) {
        publish(event, null);
    }

    protected void publish(SkeinEvent event, String correlationId) {
        try {
            this.kafka.send(KafkaEvents.record(event, correlationId)).get(10, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Publishes a memory of sequences already indexed and waits until it is. */
    protected void indexed(MemoryRecorded memory) {
        publish(memory);
        await().atMost(Duration.ofSeconds(60)).until(() -> chunks(memory.memoryId()) == 1);
    }

    /** How many index rows the memory has (0 or 1). */
    protected long chunks(UUID memoryId) {
        return this.jdbc.sql("SELECT count(*) FROM memory_chunks WHERE memory_id = :id")
            .param("id", memoryId)
            .query(Long.class)
            .single();
    }

    protected MemoryRecorded turn(long sequence, String speaker, String text) {
        return turn(this.tenant, this.conversation, this.conversationUid, sequence, speaker, text);
    }

    protected static MemoryRecorded turn(String tenant, String conversation, UUID uid, long sequence, String speaker,
            String text) {
        return new MemoryRecorded(UUID.randomUUID(), Instant.now(), tenant, conversation, uid, UUID.randomUUID(),
                "turn", "user", speaker, text, List.of(UUID.randomUUID()), List.of("D1:" + sequence), sequence,
                sequence, Instant.parse("2023-05-08T13:56:00Z").plusSeconds(60 * sequence), List.of(), List.of());
    }

    /**
     * A window of {@link Conversations}' turns {@code first} to {@code last}, as the
     * memory bank writes one (not published).
     */
    protected MemoryRecorded window(List<MemoryRecorded> turns, int first, int last) {
        StringBuilder text = new StringBuilder();
        List<String> ids = new ArrayList<>();
        for (int sequence = first; sequence <= last; sequence++) {
            text.append(text.isEmpty() ? "" : "\n")
                .append(Conversations.TURNS[sequence - 1][0])
                .append(": ")
                .append(Conversations.TURNS[sequence - 1][1]);
            ids.add("D1:" + sequence);
        }
        return new MemoryRecorded(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, UUID.randomUUID(), "window", null, null, text.toString(), List.of(), ids, first,
                last, turns.get(last - 1).createdAt(), List.of(), List.of());
    }

    /**
     * A turn's recall of {@link Conversations}' memories older than {@code recallBefore},
     * the turns from there on its flash memory, for Melanie's message at sequence 13.
     */
    protected RecallRequested recallRequest(long recallBefore, boolean recall, String message, int topK, int budget) {
        List<FlashTurn> flash = new ArrayList<>();
        for (int i = (int) recallBefore; i <= Conversations.TURNS.length; i++) {
            flash.add(new FlashTurn(UUID.randomUUID(), i, "user", Conversations.TURNS[i - 1][0],
                    Conversations.TURNS[i - 1][1], "D1:" + i, Instant.parse("2023-05-08T14:00:00Z")));
        }
        FlashTurn userTurn = new FlashTurn(UUID.randomUUID(), 13, "user", "Melanie", message, "D1:13",
                Instant.parse("2023-05-08T14:10:00Z"));
        return new RecallRequested(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, UUID.randomUUID(), userTurn, flash, recall, message, List.of("dog"), topK, budget,
                recallBefore, 4321, true, List.of());
    }

    /** Publishes the turns and waits until the index has reached the last one. */
    protected void index(List<MemoryRecorded> turns) {
        turns.forEach(this::publish);
        MemoryRecorded last = turns.get(turns.size() - 1);
        awaitIndexedThrough(last.tenantId(), last.conversationId(), last.lastSequence());
    }

    protected void awaitIndexedThrough(String tenant, String conversation, long sequence) {
        await().atMost(Duration.ofSeconds(60))
            .until(() -> get(indexPath(tenant, conversation)).body().get("indexedThrough").asLong() >= sequence);
    }

    protected String path(String tenant, String conversation) {
        return "/internal/tenants/" + tenant + "/conversations/" + conversation;
    }

    protected String indexPath(String tenant, String conversation) {
        return path(tenant, conversation) + "/index";
    }

    protected String searchPath() {
        return path(this.tenant, this.conversation) + "/memory:search";
    }

    protected Response post(String path, String json) {
        return send(signed(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
    }

    protected Response get(String path) {
        return send(signed(path).GET().build());
    }

    protected Response delete(String path) {
        return send(signed(path).DELETE().build());
    }

    /** A request as a peer service makes it: with a token for the tenant of the path. */
    protected HttpRequest.Builder signed(String path) {
        return HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + this.tokens.issueForPath("retrieval-service", path));
    }

    protected Response search(String query, int topK) {
        return post(searchPath(), JSON.writeValueAsString(new SearchBody(query, topK, null)));
    }

    protected static List<String> texts(Response response) {
        return response.body().get("results").valueStream().map(result -> result.get("text").asString()).toList();
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.port + path);
    }

    protected static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Reads the topic from its beginning until a record matches (other tests' records are
     * skipped).
     */
    protected ConsumerRecord<String, String> awaitRecord(String topic,
            Predicate<ConsumerRecord<String, String>> match) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", this.kafkaConnection.getBootstrapServers()),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic)
                .stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("No matching record on " + topic);
    }

    protected record Response(int status, String contentType, JsonNode body) {
    }

    protected record SearchBody(String query, Integer topK, Object watermark) {
    }

}
