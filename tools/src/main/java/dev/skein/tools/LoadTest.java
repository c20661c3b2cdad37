package dev.skein.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The saturation curve: for each level, that many conversations at once, each a client
 * sending chat turns with think time between them (uniform around {@code --think-ms}),
 * for {@code --seconds} after {@code --warmup-seconds}. Prints per level the turns
 * answered per second, p50/p99 latency of the answered ones, and the refusals: 503s with
 * {@code Retry-After} (the gateway's back-pressure, {@code SKEIN_MAX_IN_FLIGHT_TURNS}),
 * which the client honours before its next turn, 429s of the tenant's rate limit
 * (honoured the same way, and reported apart: a run they cap measures the limit, not the
 * stack), and other failures. Then one mixed run: the same turns with an import of
 * {@code --import} messages in the background.
 */
final class LoadTest {

    private static final String[] TOPICS = { "my sister's wedding in Porto", "the pottery class",
            "my new job as a data engineer", "the hiking trip in the Alps", "our book club", "the garden tomatoes",
            "learning the violin", "the leaking bathroom tap", "renewing my passport", "the football match" };

    private final SkeinApi api;

    private final List<Integer> levels;

    private final int seconds;

    private final int warmupSeconds;

    private final int thinkMillis;

    private final int mixedClients;

    private final int importMessages;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    LoadTest(SkeinApi api, Options options) {
        this.api = api;
        this.levels = options.integers("clients", "1,4,16,64");
        this.seconds = options.integer("seconds", 30);
        this.warmupSeconds = options.integer("warmup-seconds", 5);
        this.thinkMillis = options.integer("think-ms", 1000);
        this.mixedClients = options.integer("mixed-clients", 4);
        this.importMessages = options.integer("import", 3000);
    }

    /** What one level measured. */
    record Level(String name, int clients, int answered, double seconds, List<Double> millis, int refused,
            int refusedWithRetryAfter, int limited, int failed, String note) {

        double throughput() {
            return this.answered / this.seconds;
        }

    }

    void run() throws Exception {
        List<Level> results = new ArrayList<>();
        for (int clients : this.levels) {
            results.add(level("turns", clients, false));
            System.out.println("  " + line(results.get(results.size() - 1)));
        }
        if (this.importMessages > 0 && this.mixedClients > 0) {
            results.add(level("turns + import", this.mixedClients, true));
            System.out.println("  " + line(results.get(results.size() - 1)));
        }
        System.out.printf(Locale.ROOT, "%nload test through the gateway (%s), think time %d ms, %d s per level%n",
                Machine.describe(), this.thinkMillis, this.seconds);
        System.out.println(
                "run | clients | turns/s | p50 ms | p99 ms | 503 (with Retry-After) | 429 | other failures | note");
        results.forEach(level -> System.out.println(line(level)));
        System.out.println(backPressure(results));
        rateLimited(results).ifPresent(System.out::println);
    }

    /**
     * A warning when the tenant's rate limit refused turns: the gateway counts every
     * request of the tenant against it (600 a minute by default), so past it the curve
     * shows the limit, not what the stack can answer.
     */
    static Optional<String> rateLimited(List<Level> results) {
        int limited = results.stream().mapToInt(Level::limited).sum();
        if (limited == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "the tenant's rate limit refused %d turns with 429: the levels with 429s measure that limit "
                        + "(SKEIN_RATE_LIMIT_PER_MINUTE), not the stack; restart the gateway with it raised "
                        + "for a saturation curve (README, Measuring)",
                limited));
    }

    static String backPressure(List<Level> results) {
        for (Level level : results) {
            if (level.refused() > 0) {
                return String.format(Locale.ROOT,
                        "back-pressure starts at %d clients: %d of %d turns refused with 503 (%d with Retry-After)",
                        level.clients(), level.refused(), level.refused() + level.answered(),
                        level.refusedWithRetryAfter());
            }
        }
        return "no 503 at any level (the gateway's admission: SKEIN_TURN_LATENCY_TARGET, SKEIN_MAX_IN_FLIGHT_TURNS)";
    }

    static String line(Level level) {
        Percentiles p = new Percentiles(level.millis());
        return String.format(Locale.ROOT, "%s | %d | %.1f | %.0f | %.0f | %d (%d) | %d | %d | %s", level.name(),
                level.clients(), level.throughput(), p.at(50), p.at(99), level.refused(), level.refusedWithRetryAfter(),
                level.limited(), level.failed(), level.note());
    }

    private Level level(String name, int clients, boolean withImport) throws Exception {
        long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.warmupSeconds);
        long until = measureFrom + TimeUnit.SECONDS.toNanos(this.seconds);
        List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger retryAfter = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> conversations = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String conversation = "load-" + this.run + "-" + name.replace(' ', '-').replace("+", "") + clients + "-"
                    + c;
            conversations.add(conversation);
            work.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                // clients start spread over one think time, not all at once
                sleep(random.nextLong(this.thinkMillis + 1));
                for (int turn = 0; System.nanoTime() < until; turn++) {
                    long started = System.nanoTime();
                    SkeinApi.Answer answer;
                    try {
                        answer = this.api.exchange("/v1/conversations/" + conversation + "/messages",
                                Map.of("role", "user", "content", "Turn %d: let me tell you about %s, it went well."
                                    .formatted(turn, TOPICS[random.nextInt(TOPICS.length)])));
                    }
                    catch (IllegalStateException ex) {
                        answer = new SkeinApi.Answer(0, SkeinApi.JSON.createObjectNode(), null);
                    }
                    long ended = System.nanoTime();
                    boolean counted = started >= measureFrom && ended <= until;
                    long pause = this.thinkMillis / 2 + random.nextLong(this.thinkMillis + 1);
                    if (answer.status() == 200) {
                        if (counted) {
                            answered.incrementAndGet();
                            millis.add((ended - started) / 1e6);
                        }
                    }
                    else if (answer.status() == 503 || answer.status() == 429) {
                        if (counted) {
                            AtomicInteger refusals = answer.status() == 429 ? limited : refused;
                            refusals.incrementAndGet();
                            if (answer.status() == 503 && answer.retryAfter() != null) {
                                retryAfter.incrementAndGet();
                            }
                        }
                        if (answer.retryAfter() != null) {
                            pause = Math.max(pause, retryAfterMillis(answer.retryAfter()));
                        }
                    }
                    else if (counted) {
                        failed.incrementAndGet();
                    }
                    sleep(pause);
                }
            }));
        }
        String note = "";
        if (withImport) {
            Future<String> imported = pool.submit(() -> importInBackground(until));
            for (Future<?> f : work) {
                f.get();
            }
            note = imported.get();
        }
        else {
            for (Future<?> f : work) {
                f.get();
            }
        }
        pool.shutdown();
        for (String conversation : conversations) {
            try {
                this.api.delete("/v1/conversations/" + conversation);
            }
            catch (IllegalStateException ex) {
                // a refused delete leaves a conversation behind, nothing more
            }
        }
        return new Level(name, clients, answered.get(), this.seconds, new ArrayList<>(millis), refused.get(),
                retryAfter.get(), limited.get(), failed.get(), note);
    }

    /**
     * Imports in batches of 500 while the turns run; the rate is the acknowledged one.
     */
    private String importInBackground(long until) {
        String conversation = "load-" + this.run + "-import";
        List<Map<String, Object>> messages = NeedleProbe.plant(this.importMessages).messages();
        long started = System.nanoTime();
        int sent = 0;
        for (int from = 0; from < messages.size() && System.nanoTime() < until; from += 500) {
            this.api.post("/v1/conversations/" + conversation + "/messages:import",
                    Map.of("messages", messages.subList(from, Math.min(messages.size(), from + 500))));
            sent = Math.min(messages.size(), from + 500);
        }
        double took = (System.nanoTime() - started) / 1e9;
        this.api.delete("/v1/conversations/" + conversation);
        return String.format(Locale.ROOT, "import of %,d messages acknowledged at %.0f messages/s", sent, sent / took);
    }

    static long retryAfterMillis(String header) {
        try {
            return (long) (Double.parseDouble(header.trim()) * 1000);
        }
        catch (NumberFormatException ex) {
            return 1000;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
