package dev.skein.retrieval.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.SkeinEvent;
import dev.skein.platform.kafka.EventPublisher;
import dev.skein.retrieval.RetrievalServiceApplication;
import dev.skein.retrieval.embedding.Embedder;
import dev.skein.retrieval.indexing.MemoryIndexer;

/**
 * A command, not a test: feeds the {@link MemoryRecorded} batches of an import of a
 * LoCoMo-format file ({@link RecordedImport}: turns, windows, summaries, as the
 * memory-service makes them) through the real {@link MemoryIndexer} of a running service
 * context (its own database, no Kafka: the listener is not started and what the indexer
 * publishes is counted, not sent), and prints messages per second, process CPU per
 * message and the latency of a query embedding made every {@code bench.probe-millis}
 * while it indexes, against the same with nothing indexing.
 *
 * <pre>
 * java -cp ... -Dbench.url=jdbc:postgresql://127.0.0.1:5432/skein_test_x \
 *   -Dbench.file=../shared/data/locomo-dev/locomo-dev.json -Dbench.messages=800 -Dbench.batch=200 \
 *   dev.skein.retrieval.bench.IndexingBenchmark [spring properties as --name=value]
 * </pre>
 *
 * {@code -Dbench.rounds} imports of {@code bench.messages} turns each (the file's
 * conversations over and over, each import a new conversation); the first round is a
 * warm-up. {@code -Dbench.redeliver=true} indexes every batch a second time (a
 * redelivery) and reports that separately.
 */
public final class IndexingBenchmark {

    private IndexingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("bench.url", "jdbc:postgresql://127.0.0.1:5432/skein_test");
        Path file = Path.of(System.getProperty("bench.file", "../shared/data/locomo-dev/locomo-dev.json"));
        int messages = Integer.getInteger("bench.messages", 800);
        int batchSize = Integer.getInteger("bench.batch", 200);
        int rounds = Integer.getInteger("bench.rounds", 3);
        long probeMillis = Long.getLong("bench.probe-millis", 100);
        boolean redeliver = Boolean.getBoolean("bench.redeliver");
        List<RecordedImport.Conversation> conversations = RecordedImport.read(file);
        List<String> questions = conversations.stream().flatMap(c -> c.questions().stream()).toList();

        // as command-line arguments: over application.yaml and the environment
        List<String> properties = new ArrayList<>(Stream
            .of("spring.datasource.url=" + url, "spring.kafka.bootstrap-servers=127.0.0.1:9",
                    "spring.kafka.listener.auto-startup=false", "spring.kafka.admin.auto-create=false",
                    "skein.keyring.enabled=false",
                    "skein.internal-auth.secret=indexing-benchmark-internal-token-secret",
                    "skein.retrieval.analyze-check-millis=3600000", "logging.level.root=WARN",
                    "logging.level.org.apache.kafka=OFF")
            .map(property -> "--" + property)
            .toList());
        properties.addAll(List.of(args));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RetrievalServiceApplication.class,
                NoBroker.class)
            .web(WebApplicationType.NONE)
            .run(properties.toArray(String[]::new))) {
            MemoryIndexer indexer = context.getBean(MemoryIndexer.class);
            Embedder embedder = context.getBean(Embedder.class);
            Timer embedding = context.getBean(MeterRegistry.class).get("skein.embedding").timer();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            System.out.printf(Locale.ROOT, "BENCH %d cores, %d turns per round, batches of %d events, load %s%n",
                    os.getAvailableProcessors(), messages, batchSize, Arrays.toString(EncoderThroughput.loadAverage()));
            for (int i = 0; i < 20; i++) {
                embedder.embedQuery(questions.get(i));
            }
            int nextConversation = 0;
            for (int round = 0; round < rounds; round++) {
                List<MemoryRecorded> events = new ArrayList<>();
                int turns = 0;
                while (turns < messages) {
                    RecordedImport.Conversation conversation = conversations
                        .get(nextConversation++ % conversations.size());
                    for (MemoryRecorded event : RecordedImport.events("bench", "bench-" + nextConversation,
                            conversation)) {
                        if ("turn".equals(event.kind()) && ++turns > messages) {
                            break;
                        }
                        events.add(event);
                    }
                }
                List<List<MemoryRecorded>> batches = new ArrayList<>();
                for (int i = 0; i < events.size(); i += batchSize) {
                    batches.add(events.subList(i, Math.min(i + batchSize, events.size())));
                }
                // the query embedding alone, then while indexing
                List<Double> idle = probe(embedder, questions, probeMillis, 30);
                Probe probe = new Probe(embedder, questions, probeMillis);
                Thread prober = new Thread(probe, "probe");
                prober.start();
                long embedded = embedding.count();
                double embeddedMs = embedding.totalTime(TimeUnit.MILLISECONDS);
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                int added = 0;
                for (List<MemoryRecorded> batch : batches) {
                    added += indexer.index(batch);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6;
                probe.stop.set(true);
                prober.join();
                long chunks = embedding.count() - embedded;
                System.out.printf(Locale.ROOT,
                        "BENCH round %d%s: %d turns, %d events (%d new chunks) in %.1f s: %.1f msg/s, "
                                + "%.1f ms CPU/msg (process), %.1f ms/chunk embedding timer; "
                                + "query embedding idle p50 %.1f p90 %.1f max %.1f ms, "
                                + "indexing p50 %.1f p90 %.1f max %.1f ms (n=%d); load %s%n",
                        round, round == 0 ? " (warm-up)" : "", messages, events.size(), added, seconds,
                        messages / seconds, cpuMs / messages,
                        (embedding.totalTime(TimeUnit.MILLISECONDS) - embeddedMs) / Math.max(1, chunks),
                        percentile(idle, 50), percentile(idle, 90), percentile(idle, 100),
                        percentile(probe.latencies, 50), percentile(probe.latencies, 90),
                        percentile(probe.latencies, 100), probe.latencies.size(),
                        Arrays.toString(EncoderThroughput.loadAverage()));
                if (redeliver) {
                    cpu = os.getProcessCpuTime();
                    start = System.nanoTime();
                    for (List<MemoryRecorded> batch : batches) {
                        indexer.index(batch);
                    }
                    seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT,
                            "BENCH round %d redelivered: %.1f msg/s, %.1f ms CPU/msg (process)%n", round,
                            messages / seconds, (os.getProcessCpuTime() - cpu) / 1e6 / messages);
                }
            }
        }
    }

    private static List<Double> probe(Embedder embedder, List<String> questions, long pauseMillis, int count)
            throws InterruptedException {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            embedder.embedQuery(questions.get(i % questions.size()));
            latencies.add((System.nanoTime() - start) / 1e6);
            Thread.sleep(pauseMillis);
        }
        return latencies;
    }

    private static double percentile(List<Double> values, int percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    /** A recall's query embedding every so often, as turns arrive during an import. */
    private static final class Probe implements Runnable {

        final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());

        final AtomicBoolean stop = new AtomicBoolean();

        private final Embedder embedder;

        private final List<String> questions;

        private final long pauseMillis;

        Probe(Embedder embedder, List<String> questions, long pauseMillis) {
            this.embedder = embedder;
            this.questions = questions;
            this.pauseMillis = pauseMillis;
        }

        @Override
        public void run() {
            int i = 0;
            while (!this.stop.get()) {
                long start = System.nanoTime();
                this.embedder.embedQuery(this.questions.get(i++ % this.questions.size()));
                this.latencies.add((System.nanoTime() - start) / 1e6);
                try {
                    Thread.sleep(this.pauseMillis);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

    }

    /**
     * No broker: what the indexer publishes (updates found by meaning) is dropped. Not a
     * {@code @Configuration}: the integration tests scan this package, and would lose
     * every event they publish; the benchmark names it as a source.
     */
    static class NoBroker {

        @Bean
        static BeanPostProcessor droppingPublisher() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof EventPublisher ? new DroppingPublisher() : bean;
                }
            };
        }

    }

    private static final class DroppingPublisher extends EventPublisher {

        DroppingPublisher() {
            super(new KafkaTemplate<>(() -> {
                throw new UnsupportedOperationException("no broker");
            }, Map.of()), java.time.Duration.ZERO);
        }

        @Override
        public void publish(SkeinEvent event, String correlationId) {
        }

    }

}
