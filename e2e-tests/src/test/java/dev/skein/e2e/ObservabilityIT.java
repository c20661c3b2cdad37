package dev.skein.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.skein.e2e.OtlpReceiver.Kind;
import dev.skein.e2e.OtlpReceiver.ReceivedSpan;
import dev.skein.e2e.SkeinClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What an operator sees of a turn: one trace through every service and Kafka hop
 * (exported over OTLP to a receiver in this test), and the Skein metrics on each
 * service's {@code /actuator/prometheus}, whose stage histograms move with each turn.
 * Prints the trace tree and the stage breakdown of a few quiet turns.
 */
class ObservabilityIT {

    private static final List<String> SERVICES = List.of("gateway", "memory-service", "retrieval-service",
            "generation-service");

    /** The Kafka hops of one turn: topic, producing service, consuming service. */
    private static final List<List<String>> HOPS = List.of(
            List.of("chat.turn-requested.v1", "gateway", "memory-service"),
            List.of("memory.recall-requested.v1", "memory-service", "retrieval-service"),
            List.of("retrieval.evidence-retrieved.v1", "retrieval-service", "generation-service"),
            List.of("generation.reply-generated.v1", "generation-service", "memory-service"),
            List.of("chat.turn-completed.v1", "memory-service", "gateway"));

    /** The stage of each service's histogram {@code skein.turn.stage}. */
    private static final Map<String, String> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("gateway", "gateway");
        STAGES.put("memory.append-plan", "memory-service");
        STAGES.put("retrieval.recall", "retrieval-service");
        STAGES.put("generation", "generation-service");
        STAGES.put("memory.reply-store", "memory-service");
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final SkeinStack stack = SkeinStack.get();

    private final SkeinClient client = this.stack.newTenant();

    @Test
    void oneTurnIsOneTraceThroughEveryServiceAndKafkaHop() {
        assumeTrue(this.stack.traces() != null, "an external stack exports its spans elsewhere");
        String conversation = "trace-" + UUID.randomUUID();

        Response response = this.client.say(conversation, "I moved to Lisbon last spring and I love the trams.");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        String traceId = response.header("X-Trace-Id");
        assertThat(traceId).matches("[0-9a-f]{32}");
        // spans leave each service in batches (every 5 s), the gateway's request last
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertOneTree(traceId));
        List<ReceivedSpan> trace = this.stack.traces().ofTrace(traceId);
        System.out.println("Trace " + traceId + " of one turn (" + trace.size() + " spans):\n" + tree(trace));
    }

    private void assertOneTree(String traceId) {
        List<ReceivedSpan> trace = this.stack.traces().ofTrace(traceId);
        List<ReceivedSpan> roots = trace.stream().filter(ReceivedSpan::isRoot).toList();
        assertThat(roots).singleElement().satisfies(root -> {
            assertThat(root.service()).isEqualTo("gateway");
            assertThat(root.kind()).isEqualTo(Kind.SERVER);
            assertThat(root.name()).contains("/v1/conversations/{conversationId}/messages");
        });
        Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        assertThat(trace).allSatisfy(span -> assertThat(span.isRoot() || ids.contains(span.parentId()))
            .as("the parent of %s is in the trace", span)
            .isTrue());
        assertThat(trace).extracting(ReceivedSpan::service).containsAll(SERVICES);
        for (List<String> hop : HOPS) {
            List<ReceivedSpan> sent = find(traceId, Kind.PRODUCER, hop.get(0));
            assertThat(sent).as("%s sent", hop).isNotEmpty().allMatch(span -> span.service().equals(hop.get(1)));
            List<ReceivedSpan> received = find(traceId, Kind.CONSUMER, hop.get(0));
            assertThat(received).as("%s received", hop)
                .anySatisfy(span -> assertThat(span.service()).isEqualTo(hop.get(2)))
                .allSatisfy(span -> assertThat(sent).extracting(ReceivedSpan::spanId).contains(span.parentId()));
        }
    }

    @Test
    void everyServiceShowsItsSkeinMetricsAndTheStageHistogramsMoveWithATurn() {
        assumeTrue(this.stack.traces() != null, "the services' own ports are known for the local stack only");
        Map<String, Map<String, Double>> before = scrapeAll();
        int turns = 5;
        String conversation = "metrics-" + UUID.randomUUID();
        for (int i = 0; i < turns; i++) {
            Response response = this.client.say(conversation, "Quiet turn " + i + ": what did I say about the garden?");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
        // the last turn's reply was stored before the gateway answered; its indexing may
        // still run
        await().atMost(Duration.ofSeconds(30))
            .until(() -> value(scrape("retrieval-service"), "skein_index_lag_seconds_count",
                    "") > value(before.get("retrieval-service"), "skein_index_lag_seconds_count", "") + 2 * turns - 1);
        Map<String, Map<String, Double>> after = scrapeAll();

        StringBuilder breakdown = new StringBuilder(String.format(Locale.ROOT,
                "Stage breakdown of %d quiet turns (mean per turn, from skein_turn_stage_seconds):%n", turns));
        STAGES.forEach((stage, service) -> {
            String labels = "stage=\"" + stage + "\"";
            double count = value(after.get(service), "skein_turn_stage_seconds_count", labels)
                    - value(before.get(service), "skein_turn_stage_seconds_count", labels);
            double sum = value(after.get(service), "skein_turn_stage_seconds_sum", labels)
                    - value(before.get(service), "skein_turn_stage_seconds_sum", labels);
            assertThat(count).as("turns timed in stage %s", stage).isGreaterThanOrEqualTo(turns);
            breakdown
                .append(String.format(Locale.ROOT, "  %-20s %-20s %8.1f ms%n", stage, service, sum / count * 1000));
        });
        System.out.println(breakdown);

        assertThat(after.get("gateway")).containsKeys(
                "skein_turns_total{application=\"gateway\",outcome=\"completed\"}",
                "skein_turn_stage_seconds_bucket{application=\"gateway\",stage=\"gateway\",le=\"0.1\"}",
                "skein_ratelimit_rejections_total{application=\"gateway\"}");
        assertThat(names(after.get("memory-service"))).contains("skein_outbox_depth", "skein_outbox_age_seconds",
                "spring_kafka_listener_seconds_count", "spring_kafka_template_seconds_count");
        assertThat(names(after.get("retrieval-service"))).contains("skein_recall_hits_count",
                "skein_index_lag_seconds_bucket", "skein_embedding_seconds_count", "skein_embedding_queue",
                "kafka_consumer_fetch_manager_records_lag_max");
        assertThat(names(after.get("generation-service"))).contains("skein_turn_tokens_count", "skein_writing_jobs",
                "http_server_requests_seconds_count");
        // the last hop of each turn, and the relay's waits before two of its hops, are
        // timed
        assertThat(value(after.get("gateway"), "skein_event_delivery_seconds_count", "topic=\"chat.turn-completed.v1\"")
                - value(before.get("gateway"), "skein_event_delivery_seconds_count",
                        "topic=\"chat.turn-completed.v1\""))
            .isGreaterThanOrEqualTo(turns);
        assertThat(value(after.get("memory-service"), "skein_outbox_wait_seconds_count", "")
                - value(before.get("memory-service"), "skein_outbox_wait_seconds_count", ""))
            .isGreaterThanOrEqualTo(turns);
        assertThat(value(after.get("generation-service"), "skein_turn_tokens_count", "kind=\"context\"")
                - value(before.get("generation-service"), "skein_turn_tokens_count", "kind=\"context\""))
            .isGreaterThanOrEqualTo(turns);
    }

    private List<ReceivedSpan> find(String traceId, Kind kind, String topic) {
        return this.stack.traces()
            .ofTrace(traceId)
            .stream()
            .filter(span -> span.kind() == kind && span.name().startsWith(topic + " "))
            .toList();
    }

    private static String tree(List<ReceivedSpan> trace) {
        StringBuilder out = new StringBuilder();
        long start = trace.stream().mapToLong(ReceivedSpan::startNanos).min().orElse(0);
        trace.stream().filter(ReceivedSpan::isRoot).forEach(root -> print(root, trace, start, 0, out));
        return out.toString();
    }

    private static void print(ReceivedSpan span, List<ReceivedSpan> trace, long start, int depth, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%s%-9s %-19s %-60s +%7.1f ms %7.1f ms%n", "  ".repeat(depth),
                span.kind(), span.service(), span.name(), (span.startNanos() - start) / 1e6, span.millis()));
        trace.stream()
            .filter(child -> child.parentId().equals(span.spanId()))
            .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
            .forEach(child -> print(child, trace, start, depth + 1, out));
    }

    private Map<String, Map<String, Double>> scrapeAll() {
        Map<String, Map<String, Double>> all = new LinkedHashMap<>();
        for (String service : SERVICES) {
            all.put(service, scrape(service));
        }
        return all;
    }

    /** Each series of the Prometheus text format ({@code name{labels}}) and its value. */
    private Map<String, Double> scrape(String service) {
        try {
            HttpResponse<String> response = HTTP
                .send(HttpRequest.newBuilder(URI.create(this.stack.serviceUrl(service) + "/actuator/prometheus"))
                    .header("Authorization", "Bearer " + this.stack.metricsToken())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s /actuator/prometheus", service).isEqualTo(200);
            Map<String, Double> series = new LinkedHashMap<>();
            for (String line : response.body().split("\n")) {
                int space = line.lastIndexOf(' ');
                if (line.isBlank() || line.startsWith("#") || space < 0) {
                    continue;
                }
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
            return series;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot scrape " + service, ex);
        }
    }

    private static Set<String> names(Map<String, Double> series) {
        return series.keySet()
            .stream()
            .map(key -> key.indexOf('{') < 0 ? key : key.substring(0, key.indexOf('{')))
            .collect(Collectors.toSet());
    }

    /** The sum over the series of {@code name} whose labels contain {@code labels}. */
    private static double value(Map<String, Double> series, String name, String labels) {
        List<Double> values = new ArrayList<>();
        series.forEach((key, value) -> {
            if ((key.equals(name) || key.startsWith(name + "{")) && key.contains(labels)) {
                values.add(value);
            }
        });
        return values.stream().mapToDouble(Double::doubleValue).sum();
    }

}
