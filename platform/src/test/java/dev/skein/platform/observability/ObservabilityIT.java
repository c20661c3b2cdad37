package dev.skein.platform.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.Topics;
import dev.skein.contracts.internal.ConversationStatus;
import dev.skein.platform.client.InternalClients;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.kafka.EventPublisher;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a service gets from the platform alone, end to end in one process: a request's
 * trace continues through a Kafka publish into the listener that consumes it, through an
 * internal REST call into the handler that answers it, and through a context stored and
 * resumed on another thread (the outbox); the trace id is on the response and in the log
 * lines; the stage histograms and Spring Boot's own meters are on
 * {@code /actuator/prometheus}.
 */
@SpringBootTest(classes = ObservabilityIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                // it answers its own MemoryApi call, so it must be the audience of the
                // call's token
                "spring.application.name=memory-service",
                "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "spring.kafka.listener.concurrency=1", "skein.kafka.partitions=1",
                "skein.internal-auth.secret=observability-it-secret-0123456789abcdef",
                "skein.metrics.token=" + ObservabilityIT.METRICS_TOKEN,
                "management.opentelemetry.tracing.export.schedule-delay=50ms", "logging.level.org.apache.kafka=WARN",
                "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN" })
@EmbeddedKafka(partitions = 1, topics = Topics.CONVERSATION_ERASED)
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT {

    static final String METRICS_TOKEN = "observability-it-scrape-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String RESUMED = "resumed-";

    @LocalServerPort
    int port;

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    App app;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void oneTraceCoversTheRequestAKafkaHopAndAnInternalCall(CapturedOutput output) throws Exception {
        String conversation = "trace-" + UUID.randomUUID();

        HttpResponse<String> response = get("/v1/turn/" + conversation);

        assertThat(response.statusCode()).isEqualTo(200);
        String traceId = response.headers().firstValue(TraceIdFilter.HEADER).orElseThrow();
        assertThat(traceId).matches("[0-9a-f]{32}");
        await().atMost(WAIT).until(() -> this.app.consumed.containsKey(conversation));
        List<SpanData> trace = awaitSpans(traceId, 5);

        SpanData request = only(trace, SpanKind.SERVER, "/v1/turn/");
        assertThat(request.getParentSpanContext().isValid()).isFalse();
        SpanData send = only(trace, SpanKind.PRODUCER, Topics.CONVERSATION_ERASED);
        SpanData receive = only(trace, SpanKind.CONSUMER, Topics.CONVERSATION_ERASED);
        assertThat(send.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(receive.getParentSpanId()).isEqualTo(send.getSpanId());
        assertThat(this.app.consumed.get(conversation)).isEqualTo(traceId);
        SpanData call = only(trace, SpanKind.CLIENT, "http");
        SpanData answer = only(trace, SpanKind.SERVER, "/internal/");
        assertThat(call.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(answer.getParentSpanId()).isEqualTo(call.getSpanId());
        // the log pattern of every service: [traceId,spanId,correlationId]
        assertThat(output.getOut()).contains("[" + traceId + "," + request.getSpanId() + ",");
    }

    @Test
    void aStoredTraceContextIsResumedOnAnotherThreadAndItsPublishJoinsTheTrace() {
        String conversation = RESUMED + UUID.randomUUID();

        HttpResponse<String> response = get("/v1/turn/" + conversation);

        String traceId = response.headers().firstValue(TraceIdFilter.HEADER).orElseThrow();
        await().atMost(WAIT).until(() -> this.app.consumed.containsKey(conversation));
        assertThat(this.app.consumed.get(conversation)).isEqualTo(traceId);
        List<SpanData> trace = awaitSpans(traceId, 4);
        SpanData relay = trace.stream().filter(span -> span.getName().equals("test relay")).findFirst().orElseThrow();
        SpanData request = only(trace, SpanKind.SERVER, "/v1/turn/");
        assertThat(relay.getParentSpanId()).isEqualTo(request.getSpanId());
        SpanData send = trace.stream()
            .filter(span -> span.getKind() == SpanKind.PRODUCER && span.getParentSpanId().equals(relay.getSpanId()))
            .findFirst()
            .orElseThrow();
        assertThat(trace).anySatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(span.getParentSpanId()).isEqualTo(send.getSpanId());
        });
    }

    @Test
    void aPublishOutsideAnyTraceIsNotATraceOfItsOwn() {
        String conversation = "untraced-" + UUID.randomUUID();

        // as the outbox relay publishes an imported row: no trace on the thread
        this.app.publisher.publish(
                new ConversationErased(UUID.randomUUID(), Instant.now(), "tenant", conversation, UUID.randomUUID()));

        await().atMost(WAIT).until(() -> this.app.consumed.containsKey(conversation));
        String traceId = this.app.consumed.get(conversation);
        List<SpanData> trace = awaitSpans(traceId, 1);
        assertThat(trace).noneMatch(span -> span.getKind() == SpanKind.PRODUCER);
        assertThat(only(trace, SpanKind.CONSUMER, Topics.CONVERSATION_ERASED).getParentSpanContext().isValid())
            .isFalse();
    }

    @Test
    void prometheusShowsTheStageHistogramsAndSpringBootsMeters() {
        String conversation = "metrics-" + UUID.randomUUID();
        get("/v1/turn/" + conversation);
        // the listener's timer exists once it has handled a record
        await().atMost(WAIT).until(() -> this.app.consumed.containsKey(conversation));

        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "wrong-token").statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = get("/actuator/prometheus", METRICS_TOKEN);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
            .contains("skein_turn_stage_seconds_bucket{application=\"memory-service\",stage=\"gateway\",le=\"0.005\"}")
            .contains("skein_turn_stage_seconds_bucket{application=\"memory-service\",stage=\"gateway\",le=\"60.0\"}")
            .contains("skein_turn_stage_seconds_count{application=\"memory-service\",stage=\"gateway\"}")
            .contains("http_server_requests_seconds_count")
            .contains("http_client_requests_seconds_count")
            .contains("spring_kafka_template_seconds_count")
            .contains("spring_kafka_listener_seconds_count")
            .contains("kafka_consumer_fetch_manager_records_lag");
    }

    private HttpResponse<String> get(String path) {
        return get(path, null);
    }

    private HttpResponse<String> get(String path, String bearerToken) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
            if (bearerToken != null) {
                request.header("Authorization", "Bearer " + bearerToken);
            }
            return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private List<SpanData> awaitSpans(String traceId, int atLeast) {
        await().atMost(WAIT).until(() -> ofTrace(traceId).size() >= atLeast);
        return ofTrace(traceId);
    }

    private List<SpanData> ofTrace(String traceId) {
        return this.spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    private static SpanData only(List<SpanData> trace, SpanKind kind, String nameContains) {
        List<SpanData> found = trace.stream()
            .filter(span -> span.getKind() == kind && span.getName().contains(nameContains))
            .toList();
        assertThat(found).as("%s span named *%s* in %s", kind, nameContains, trace).hasSize(1);
        return found.get(0);
    }

    @SpringBootApplication
    @RestController
    static class App {

        private static final Logger log = LoggerFactory.getLogger(App.class);

        final Map<String, String> consumed = new ConcurrentHashMap<>();

        @Autowired
        EventPublisher publisher;

        @Autowired
        TurnMetrics turns;

        @Autowired
        TraceContext traces;

        @Autowired
        InternalClients clients;

        @Autowired
        Environment environment;

        @Autowired
        io.micrometer.tracing.Tracer tracer;

        @Bean
        static InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }

        /** A turn as the gateway starts one: a publish and an internal call. */
        @GetMapping("/v1/turn/{conversation}")
        String turn(@PathVariable String conversation) {
            long started = System.nanoTime();
            log.info("Turn of {}", conversation);
            ConversationErased event = new ConversationErased(UUID.randomUUID(), Instant.now(), "tenant", conversation,
                    UUID.randomUUID());
            if (conversation.startsWith(RESUMED)) {
                // what the outbox does: the context with the row, the publish on its
                // relay's thread
                String stored = this.traces.current();
                CompletableFuture.runAsync(() -> {
                    try (TraceContext.Scope ignored = this.traces.resume(stored, "test relay")) {
                        this.publisher.publish(event);
                    }
                }).join();
                return "resumed";
            }
            this.publisher.publish(event);
            MemoryApi memory = this.clients.create(MemoryApi.class,
                    URI.create("http://127.0.0.1:" + this.environment.getProperty("local.server.port")),
                    Duration.ofSeconds(2), Duration.ofSeconds(5));
            ConversationStatus status = memory.status("tenant", conversation);
            this.turns.record(TurnMetrics.GATEWAY, System.nanoTime() - started);
            return status.conversationId();
        }

        @GetMapping("/internal/tenants/{tenant}/conversations/{conversation}")
        ConversationStatus status(@PathVariable String tenant, @PathVariable String conversation) {
            return new ConversationStatus(conversation, UUID.randomUUID(), 0, 0, 0, 0, Instant.now(), Instant.now());
        }

        @KafkaListener(id = "observability-it", topics = Topics.CONVERSATION_ERASED)
        void on(ConversationErased event) {
            this.consumed.put(event.conversationId(),
                    Optional.ofNullable(this.tracer.currentSpan()).map(span -> span.context().traceId()).orElse(""));
        }

    }

}
