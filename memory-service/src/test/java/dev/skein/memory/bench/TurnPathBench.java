package dev.skein.memory.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnRequested;
import dev.skein.contracts.Usage;
import dev.skein.memory.MemoryServiceApplication;
import dev.skein.platform.auth.ServiceTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Figures for the memory-service's hot paths, not a test: what happens between its Kafka
 * topics is no part of the public API, so this stays a {@code main} here rather than a
 * {@code skein-tools} command (which measures whole turns through the gateway:
 * {@code bench-turns}). Starts an in-process KRaft broker and the service against
 * {@code SKEIN_BENCH_DB_URL} (default: the skein_test database), then measures:
 * <ul>
 * <li>import of 5,000 messages over HTTP (one transaction, JDBC batches), and the time
 * until its 5,000 MemoryRecorded events have left the outbox;</li>
 * <li>the turn path: TurnRequested produced → RecallRequested consumed (two Kafka hops,
 * the transaction, the outbox relay);</li>
 * <li>the reply path: ReplyGenerated produced → TurnCompleted consumed.</li>
 * </ul>
 * Run:
 * {@code ./mvnw -q -pl memory-service test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.skein.memory.bench.TurnPathBench}
 */
public final class TurnPathBench {

    private static final int IMPORT_MESSAGES = 5000;

    private static final int IMPORT_RUNS = 5;

    private static final int WARMUP_TURNS = 50;

    private static final int MEASURED_TURNS = 300;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<UUID, CompletableFuture<Arrival>> arrivals = new ConcurrentHashMap<>();

    private volatile boolean running = true;

    public static void main(String[] args) throws Exception {
        new TurnPathBench().run();
    }

    private void run() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.TURN_REQUESTED,
                Topics.REPLY_GENERATED, Topics.MEMORY_RECORDED, Topics.RECALL_REQUESTED, Topics.TURN_COMPLETED,
                Topics.TURN_FAILED, Topics.CONVERSATION_ERASED);
        broker.afterPropertiesSet();
        // not SKEIN_DB_URL: that is the local stack's database; the bench writes to the
        // test one
        String db = System.getenv().getOrDefault("SKEIN_BENCH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/skein_test");
        // command-line arguments: they outrank application.yaml (builder properties would
        // not)
        ConfigurableApplicationContext app = new SpringApplicationBuilder(MemoryServiceApplication.class).run(
                "--spring.datasource.url=" + db, "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--server.port=0", "--skein.kafka.partitions=1", "--spring.kafka.listener.concurrency=1",
                "--logging.level.root=WARN", "--logging.level.state.change.logger=ERROR",
                "--spring.main.banner-mode=off",
                // the bench calls the internal API as a peer service would, with a token
                "--skein.internal-auth.secret=" + UUID.randomUUID() + UUID.randomUUID(),
                "--skein.keyring.enabled=false");
        Thread reader = new Thread(() -> read(broker.getBrokersAsString()), "bench-reader");
        reader.start();
        try (KafkaProducer<String, String> producer = producer(broker.getBrokersAsString())) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            ServiceTokens tokens = app.getBean(ServiceTokens.class);
            String tenant = "bench-" + UUID.randomUUID();
            List<String> conversations = new ArrayList<>();

            System.out.printf("%nImport of %,d messages over HTTP (one transaction; %d cores)%n", IMPORT_MESSAGES,
                    Runtime.getRuntime().availableProcessors());
            for (int run = 1; run <= IMPORT_RUNS; run++) {
                String conversation = "import-" + run;
                conversations.add(conversation);
                String body = JSON.writeValueAsString(Map.of("messages", history(IMPORT_MESSAGES)));
                long start = System.nanoTime();
                HttpResponse<String> response = HTTP.send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/tenants/" + tenant
                            + "/conversations/" + conversation + "/messages:import"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + tokens.issue("memory-service", tenant))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
                long answered = System.nanoTime();
                while (jdbc.queryForObject("SELECT count(*) FROM outbox", Long.class) > 0) {
                    Thread.sleep(5);
                }
                long published = System.nanoTime();
                System.out.printf(
                        "  run %d: HTTP %d in %,.0f ms; all %,d MemoryRecorded published after %,.0f ms "
                                + "(%,d request bytes)%n",
                        run, response.statusCode(), ms(answered - start), IMPORT_MESSAGES, ms(published - start),
                        body.length());
            }
            for (int i = 1; i <= 5; i++) {
                conversations.add("fresh-" + i);
            }

            long[] turnNanos = new long[MEASURED_TURNS];
            long[] turnInside = new long[MEASURED_TURNS];
            long[] replyNanos = new long[MEASURED_TURNS];
            long[] replyInside = new long[MEASURED_TURNS];
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            Map<String, double[]> handlerBefore = new LinkedHashMap<>();
            for (int i = 0; i < WARMUP_TURNS + MEASURED_TURNS; i++) {
                if (i == WARMUP_TURNS) {
                    handlerBefore = listenerTimes(meters);
                }
                String conversation = conversations.get(i % conversations.size());
                UUID turnId = UUID.randomUUID();
                TurnRequested turn = new TurnRequested(
                        UUID.randomUUID(), Instant.now(), tenant, conversation, turnId, new MessageInput("user",
                                sentence(i) + " What did I say about this before?", "Caroline", null, null, null),
                        false);
                long[] turnTime = roundTrip(producer, turn, turnId);
                ReplyGenerated reply = new ReplyGenerated(UUID.randomUUID(), Instant.now(), tenant, conversation,
                        turnId, "You said: " + sentence(i + 7), "extractive", List.of(), new Usage(0, 0, 0, 0),
                        List.of(), 0);
                long[] replyTime = roundTrip(producer, reply, turnId);
                if (i >= WARMUP_TURNS) {
                    turnNanos[i - WARMUP_TURNS] = turnTime[0];
                    turnInside[i - WARMUP_TURNS] = turnTime[1];
                    replyNanos[i - WARMUP_TURNS] = replyTime[0];
                    replyInside[i - WARMUP_TURNS] = replyTime[1];
                }
            }
            System.out.printf(
                    "%nTurn path, %d turns after %d warm-up, over %d conversations (5 with 5,000+ messages; "
                            + "%d cores)%n",
                    MEASURED_TURNS, WARMUP_TURNS, conversations.size(), Runtime.getRuntime().availableProcessors());
            print("TurnRequested -> RecallRequested           ", turnNanos);
            print("  of which: sent -> RecallRequested created", turnInside);
            print("ReplyGenerated -> TurnCompleted            ", replyNanos);
            print("  of which: sent -> TurnCompleted created  ", replyInside);
            System.out.println("  (\"created\" = inside the transaction, before commit, relay and the second hop)");
            Map<String, double[]> handlerAfter = listenerTimes(meters);
            for (Map.Entry<String, double[]> listener : handlerAfter.entrySet()) {
                double[] before = handlerBefore.getOrDefault(listener.getKey(), new double[2]);
                double count = listener.getValue()[0] - before[0];
                double total = listener.getValue()[1] - before[1];
                System.out.printf("  listener %s: %.0f records, mean %.2f ms per record (parse, transaction, commit)%n",
                        listener.getKey(), count, count == 0 ? 0 : total / count);
            }

            for (String conversation : conversations) {
                HTTP.send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/tenants/" + tenant
                            + "/conversations/" + conversation))
                    .header("Authorization", "Bearer " + tokens.issue("memory-service", tenant))
                    .DELETE()
                    .build(), HttpResponse.BodyHandlers.discarding());
            }
        }
        finally {
            this.running = false;
            reader.join(5000);
            app.close();
            broker.destroy();
        }
    }

    /**
     * Sends one event and waits for the event that answers it (keyed by turn id). Returns
     * the round trip, and the part of it until the answer was created inside the
     * service's transaction (its occurredAt; same machine, same clock), in nanoseconds.
     */
    private long[] roundTrip(KafkaProducer<String, String> producer, SkeinEvent event, UUID turnId) throws Exception {
        CompletableFuture<Arrival> arrival = new CompletableFuture<>();
        this.arrivals.put(turnId, arrival);
        Instant sent = Instant.now();
        long start = System.nanoTime();
        producer.send(KafkaEvents.record(event, "bench"));
        Arrival answer = arrival.get(30, TimeUnit.SECONDS);
        this.arrivals.remove(turnId);
        return new long[] { answer.nanos() - start, Duration.between(sent, answer.occurredAt()).toNanos() };
    }

    private record Arrival(long nanos, Instant occurredAt) {
    }

    private void read(String brokers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.RECALL_REQUESTED, Topics.TURN_COMPLETED)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (this.running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    SkeinEvent event = KafkaEvents.event(record);
                    UUID turnId = event instanceof RecallRequested r ? r.turnId()
                            : event instanceof TurnCompleted c ? c.turnId() : null;
                    CompletableFuture<Arrival> waiting = turnId == null ? null : this.arrivals.get(turnId);
                    if (waiting != null) {
                        waiting.complete(new Arrival(now, event.occurredAt()));
                    }
                }
            }
        }
    }

    /** Count and total milliseconds of Spring Kafka's listener timers, by listener id. */
    private static Map<String, double[]> listenerTimes(MeterRegistry meters) {
        Map<String, double[]> times = new LinkedHashMap<>();
        for (Timer timer : meters.find("spring.kafka.listener").timers()) {
            times.merge(timer.getId().getTag("name"),
                    new double[] { timer.count(), timer.totalTime(TimeUnit.MILLISECONDS) },
                    (a, b) -> new double[] { a[0] + b[0], a[1] + b[1] });
        }
        return times;
    }

    private static KafkaProducer<String, String> producer(String brokers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static List<Map<String, Object>> history(int count) {
        Instant origin = Instant.parse("2023-01-01T00:00:00Z");
        List<Map<String, Object>> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", i % 2 == 0 ? "user" : "assistant");
            message.put("speaker", i % 2 == 0 ? "Caroline" : "Melanie");
            message.put("content", sentence(i));
            message.put("externalId", "m" + i);
            message.put("createdAt", origin.plusSeconds(60L * i).toString());
            messages.add(message);
        }
        return messages;
    }

    private static final String[] WORDS = ("we talked about the painting class on saturday and my sister who moved to "
            + "lisbon last spring with her two dogs while the garden needed water every morning before work")
        .split(" ");

    /** A 20-40 word chat turn, different for every i. */
    private static String sentence(int i) {
        StringBuilder text = new StringBuilder();
        int length = 20 + (i * 7) % 21;
        for (int w = 0; w < length; w++) {
            text.append(w == 0 ? "" : " ").append(WORDS[(i * 31 + w * 17) % WORDS.length]);
        }
        return text.append(" (").append(i).append(')').toString();
    }

    private static void print(String label, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", label,
                ms(sorted[sorted.length / 2]), ms(sorted[(int) (sorted.length * 0.9)]),
                ms(sorted[(int) (sorted.length * 0.99)]), ms(sorted[sorted.length - 1]));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

}
