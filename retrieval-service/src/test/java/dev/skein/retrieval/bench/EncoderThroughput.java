package dev.skein.retrieval.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.management.OperatingSystemMXBean;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.embedding.ModelCard;
import dev.skein.embedding.OnnxEncoder;

/**
 * A command, not a test: the encoder's throughput on the texts an import indexes (turns
 * with their previous turn and key phrases, windows, summaries), for intra-op thread
 * counts × concurrent callers, in alternating rounds, and whether every configuration
 * gives bit-identical vectors.
 *
 * <pre>
 * java -cp ... dev.skein.retrieval.bench.EncoderThroughput [file] [texts] [rounds] [threads x callers ...]
 * </pre>
 */
public final class EncoderThroughput {

    private EncoderThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/data/locomo-dev/locomo-dev.json");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<int[]> configs = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            String[] parts = args[i].split("x");
            configs.add(new int[] { Integer.parseInt(parts[0]), Integer.parseInt(parts[1]) });
        }
        if (configs.isEmpty()) {
            configs = List.of(new int[] { 2, 1 }, new int[] { 1, 2 }, new int[] { 1, 1 }, new int[] { 2, 2 });
        }
        List<String> texts = texts(RecordedImport.read(file), count);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "BENCH %d texts, mean %.0f chars, %d cores, load %s%n", texts.size(),
                texts.stream().mapToInt(String::length).average().orElse(0), os.getAvailableProcessors(),
                Arrays.toString(loadAverage()));
        float[][] reference = null;
        List<OnnxEncoder> encoders = new ArrayList<>();
        for (int[] config : configs) {
            encoders.add(new OnnxEncoder(ModelCard.BGE_SMALL_Q, config[0]));
        }
        for (int round = 0; round < rounds; round++) {
            for (int c = 0; c < configs.size(); c++) {
                int[] config = configs.get(c);
                OnnxEncoder encoder = encoders.get(c);
                // warm-up, then the measured pass
                run(encoder, texts.subList(0, Math.min(20, texts.size())), config[1]);
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                float[][] vectors = run(encoder, texts, config[1]);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6;
                if (reference == null) {
                    reference = vectors;
                }
                int identical = 0;
                double minCosine = 1;
                for (int i = 0; i < vectors.length; i++) {
                    identical += Arrays.equals(vectors[i], reference[i]) ? 1 : 0;
                    minCosine = Math.min(minCosine, cosine(vectors[i], reference[i]));
                }
                System.out.printf(Locale.ROOT,
                        "BENCH round %d intra-op %d x callers %d: %.1f texts/s, %.1f ms wall/text, %.1f ms CPU/text, "
                                + "identical %d/%d (min cosine %.6f), load %s%n",
                        round, config[0], config[1], texts.size() / seconds, seconds * 1000 / texts.size(),
                        cpuMs / texts.size(), identical, vectors.length, minCosine, Arrays.toString(loadAverage()));
            }
        }
        encoders.forEach(OnnxEncoder::close);
    }

    private static float[][] run(OnnxEncoder encoder, List<String> texts, int callers) throws Exception {
        float[][] vectors = new float[texts.size()][];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                done.add(pool.submit(() -> {
                    for (int t = next.getAndIncrement(); t < texts.size(); t = next.getAndIncrement()) {
                        vectors[t] = encoder.embed(texts.get(t));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        finally {
            pool.shutdown();
        }
        return vectors;
    }

    /** What the indexer embeds for the first events of an import, in order. */
    static List<String> texts(List<RecordedImport.Conversation> conversations, int count) {
        List<String> texts = new ArrayList<>();
        for (RecordedImport.Conversation conversation : conversations) {
            String previous = null;
            for (MemoryRecorded event : RecordedImport.events("bench", conversation.id(), conversation)) {
                if ("turn".equals(event.kind())) {
                    String own = event.speaker() + ": " + event.text() + "\n(" + String.join(", ", event.keyPhrases())
                            + ")";
                    texts.add(previous == null ? own : previous + "\n" + own);
                    previous = event.speaker() + ": " + event.text();
                }
                else {
                    texts.add(event.text());
                }
                if (texts.size() == count) {
                    return texts;
                }
            }
        }
        return texts;
    }

    static double[] loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return new double[] { Double.parseDouble(parts[0]), Double.parseDouble(parts[1]) };
        }
        catch (java.io.IOException ex) {
            return new double[0];
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

}
