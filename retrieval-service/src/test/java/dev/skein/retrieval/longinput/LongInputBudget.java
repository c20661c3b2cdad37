package dev.skein.retrieval.longinput;

import java.lang.management.ManagementFactory;
import java.util.Random;

import dev.skein.platform.tokens.TokenCounter;
import dev.skein.retrieval.embedding.Embedder;

/**
 * Figures behind the long-input limit, not a test: the CPU time one
 * {@code long-input:search} takes per character of text, in this process, with the
 * default model and window. Prints, per document size, wall time, the process's CPU time
 * (every thread: the ONNX runtime runs its own) and characters per CPU-second, then the
 * longest text that fits each CPU budget. Run:
 * {@code ./mvnw -q -pl retrieval-service test-compile org.codehaus.mojo:exec-maven-plugin:3.6.4:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.skein.retrieval.longinput.LongInputBudget}
 * ({@code -Dbench.sizes=100000,1000000,6000000}, {@code -Dbench.runs=3},
 * {@code -Dbench.question=...}: by default one whose words many sentences share, so that
 * the lexical pre-selection hands the model its full set of candidates;
 * {@code -Dbench.shape=tiny} reads sentences of two words, the costliest text per
 * character, which the deadline rather than the length bounds).
 */
public final class LongInputBudget {

    private static final String[] WORDS = { "the", "committee", "farmer", "bridge", "neighbour", "river", "bakery",
            "orchestra", "school", "merchant", "keeper", "discussed", "repaired", "painted", "visited", "described",
            "harvest", "fence", "fog", "festival", "letters", "road", "garden", "market", "warehouse", "clock",
            "before", "after", "storm", "care", "silence", "rainy", "Tuesday", "sunset", "and", "with", "of" };

    private LongInputBudget() {
    }

    public static void main(String[] args) {
        int[] sizes = parse(System.getProperty("bench.sizes", "100000,1000000,6000000"));
        // words that many sentences share: the pre-selection finds a full set of
        // candidates,
        // so this is the dearest search of a prose text of that length
        String question = System.getProperty("bench.question",
                "What did the committee discuss about the river festival?");
        int runs = Integer.getInteger("bench.runs", 3);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
            .getOperatingSystemMXBean();
        LongInputSearch search = new LongInputSearch(new Embedder(Embedder.BGE_SMALL_Q), new TokenCounter());
        System.out.printf("cores %d, model %s, window %d tokens, cache %d tokens%n", os.getAvailableProcessors(),
                Embedder.BGE_SMALL_Q, LongInputController.DEFAULT_WINDOW_TOKENS,
                LongInputController.DEFAULT_CACHE_TOKENS);
        // warm-up: the model's first calls are slower
        search.search("What is the launch code?", document(20_000, 1), LongInputController.DEFAULT_WINDOW_TOKENS,
                LongInputController.DEFAULT_CACHE_TOKENS, Deadline.NONE);
        double worstCharsPerCpuSecond = Double.MAX_VALUE;
        System.out.printf("%10s %10s %10s %12s %16s%n", "chars", "wall ms", "cpu ms", "cpu/wall", "chars/cpu-s");
        for (int size : sizes) {
            for (int run = 0; run < runs; run++) {
                String text = "tiny".equals(System.getProperty("bench.shape")) ? tiny(size) : document(size, run + 2);
                long cpuBefore = os.getProcessCpuTime();
                long wallBefore = System.nanoTime();
                search.search(question, text, LongInputController.DEFAULT_WINDOW_TOKENS,
                        LongInputController.DEFAULT_CACHE_TOKENS, Deadline.NONE);
                double wallMs = (System.nanoTime() - wallBefore) / 1e6;
                double cpuMs = (os.getProcessCpuTime() - cpuBefore) / 1e6;
                double charsPerCpuSecond = text.length() / (cpuMs / 1000);
                worstCharsPerCpuSecond = Math.min(worstCharsPerCpuSecond, charsPerCpuSecond);
                System.out.printf("%10d %10.0f %10.0f %12.2f %16.0f%n", text.length(), wallMs, cpuMs, cpuMs / wallMs,
                        charsPerCpuSecond);
            }
        }
        System.out.printf("slowest rate: %.0f characters per CPU-second%n", worstCharsPerCpuSecond);
        for (int budget : new int[] { 2, 5, 10 }) {
            System.out.printf("CPU budget %2d s -> at most %,d characters%n", budget,
                    (long) (worstCharsPerCpuSecond * budget));
        }
    }

    /** Prose-like sentences of 6 to 20 words, in paragraphs, with one planted fact. */
    static String document(int chars, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(chars + 200);
        int sentences = 0;
        while (text.length() < chars) {
            if (sentences == 200) {
                text.append("The secret launch code of the Orion project is 7391. ");
            }
            int words = 6 + random.nextInt(15);
            for (int i = 0; i < words; i++) {
                String word = WORDS[random.nextInt(WORDS.length)];
                text.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
                    .append(i + 1 < words ? " " : ". ");
            }
            if (++sentences % 8 == 0) {
                text.append("\n\n");
            }
        }
        return text.substring(0, chars);
    }

    /** Sentences of two words: one embedding every 9 characters. */
    static String tiny(int chars) {
        return "Go there. ".repeat(chars / 10 + 1).substring(0, chars);
    }

    private static int[] parse(String list) {
        String[] items = list.split(",");
        int[] values = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            values[i] = Integer.parseInt(items[i].strip());
        }
        return values;
    }

}
