package dev.skein.tools.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code fault-suite}: starts a stack of its own and, per scenario, runs a
 * {@code --messages}-message import and chat turns side by side while one component
 * crashes (kill -9, then restart) or restarts: each of the four services, the Kafka
 * broker, PostgreSQL. The client retries as the README documents. Once the stack has
 * settled it counts: every acknowledged message stored exactly once, every turn with
 * exactly one reply, every message indexed (and a sample found by a search for its unique
 * word), the outbox empty. One line per scenario, a summary; exit status 1 on any loss,
 * duplicate or leftover.
 */
public final class FaultSuite {

    private static final String[] SERVICES = { "gateway", "memory-service", "retrieval-service", "generation-service" };

    private final Path root;

    private final Path home;

    private final int portBase;

    private final int pgPort;

    private final int messages;

    private final int batch;

    private final int turns;

    private final int sample;

    private final List<String> only;

    private final boolean keep;

    /**
     * @param only scenario names to run (empty: all)
     */
    public FaultSuite(Path root, Path home, int portBase, int pgPort, int messages, int batch, int turns, int sample,
            List<String> only, boolean keep) {
        this.root = root;
        this.home = home;
        this.portBase = portBase;
        this.pgPort = pgPort;
        this.messages = messages;
        this.batch = batch;
        this.turns = turns;
        this.sample = sample;
        this.only = only;
        this.keep = keep;
    }

    /** A crash or restart, and how to bring the component back. */
    private record Fault(String name, Inject inject) {

    }

    private interface Inject {

        void run(SuiteStack stack);

    }

    private record Outcome(String scenario, Tally.Counts counts, double recoverSeconds, double seconds) {

    }

    /**
     * @return the process exit status: 0 when every scenario is clean
     */
    public int run() throws IOException {
        List<Fault> faults = new ArrayList<>();
        for (String service : SERVICES) {
            faults.add(new Fault("kill -9 " + service, stack -> {
                stack.kill(service);
                stack.restart(service);
            }));
        }
        faults.add(new Fault("restart kafka", stack -> stack.restart("kafka")));
        faults.add(new Fault("restart postgresql", SuiteStack::restartPostgres));
        if (!this.only.isEmpty()) {
            // in the order asked for
            List<Fault> chosen = new ArrayList<>();
            for (String name : this.only) {
                faults.stream()
                    .filter(fault -> fault.name().contains(name) && !chosen.contains(fault))
                    .forEach(chosen::add);
            }
            faults = chosen;
        }

        SuiteStack stack = new SuiteStack(this.root, this.home, this.portBase, this.pgPort);
        long t0 = System.nanoTime();
        System.out.printf(Locale.ROOT, "fault-suite: starting its stack in %s (gateway %d, PostgreSQL %d), %d cores%n",
                this.home, this.portBase, this.pgPort, Runtime.getRuntime().availableProcessors());
        // also when the start fails half-way: its PostgreSQL would keep the port
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!this.keep) {
                stack.stop();
            }
        }));
        stack.start();
        System.out.printf(Locale.ROOT,
                "fault-suite: stack up in %.0f s; %d messages imported in batches of %d and"
                        + " at least %d chat turns per scenario%n",
                (System.nanoTime() - t0) / 1e9, this.messages, this.batch, this.turns);
        String apiKey = stack.apiKey();
        List<Outcome> outcomes = new ArrayList<>();
        System.out.println(header());
        for (Fault fault : faults) {
            Outcome outcome = scenario(stack, apiKey, fault);
            outcomes.add(outcome);
            System.out.println(line(outcome));
        }
        long failed = outcomes.stream().filter(outcome -> !outcome.counts().clean()).count();
        long sent = outcomes.stream().mapToLong(outcome -> outcome.counts().sent()).sum();
        long acked = outcomes.stream().mapToLong(outcome -> outcome.counts().acked()).sum();
        long stored = outcomes.stream().mapToLong(outcome -> outcome.counts().stored()).sum();
        long duplicates = outcomes.stream().mapToLong(outcome -> outcome.counts().duplicates()).sum();
        long lost = outcomes.stream().mapToLong(outcome -> outcome.counts().lost()).sum();
        long turnsAnswered = outcomes.stream().mapToLong(outcome -> outcome.counts().turnsAnswered()).sum();
        System.out.printf(Locale.ROOT,
                "summary: %d scenarios, %d clean, %d failed; %d messages sent, %d acknowledged, %d stored, %d duplicates,"
                        + " %d lost; %d turns answered; %.0f s in all%n",
                outcomes.size(), outcomes.size() - failed, failed, sent, acked, stored, duplicates, lost, turnsAnswered,
                (System.nanoTime() - t0) / 1e9);
        return failed == 0 ? 0 : 1;
    }

    private Outcome scenario(SuiteStack stack, String apiKey, Fault fault) {
        long start = System.nanoTime();
        String run = UUID.randomUUID().toString().substring(0, 6);
        RetryingClient client = new RetryingClient(stack.gatewayUrl(), apiKey);
        long deadline = start + 15L * 60 * 1_000_000_000L;
        ImportLoad imports = new ImportLoad(run, "fault-" + run + "-import", this.messages, this.batch, client,
                deadline);
        ChatLoad chat = new ChatLoad(run, "fault-" + run + "-chat", this.turns, client, deadline);
        Thread importer = new Thread(imports, "import");
        Thread chatter = new Thread(chat, "chat");
        importer.start();
        chatter.start();
        // the fault hits when a third of the import is acknowledged and turns are under
        // way
        while (imports.acked.size() < this.messages / 3 && !imports.done && System.nanoTime() < deadline) {
            RetryingClient.sleep(20);
        }
        long faultAt = System.nanoTime();
        fault.inject().run(stack);
        chat.stopAfter(5);
        join(importer);
        join(chatter);
        double recover = Math.max(imports.recoveredAfter(faultAt), chat.recoveredAfter(faultAt));
        Tally tally = new Tally(client, stack.jdbcUrl(), "skein", "skein");
        Tally.Counts counts = tally.settleAndCount(run, imports, chat, System.nanoTime() + 15L * 60 * 1_000_000_000L,
                this.sample);
        return new Outcome(fault.name(), counts, recover, (System.nanoTime() - start) / 1e9);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static String header() {
        return String.format(Locale.ROOT, "%-30s %6s %6s %6s %5s %5s %12s %9s %9s %6s %8s %8s %7s %6s", "scenario",
                "sent", "acked", "stored", "dup", "lost", "turns(ans)", "replies", "unindexed", "unfound", "outbox",
                "recover", "retries", "result");
    }

    private static String line(Outcome outcome) {
        Tally.Counts c = outcome.counts();
        String replies = c.minReplies() == c.maxReplies() ? Integer.toString(c.minReplies())
                : c.minReplies() + "-" + c.maxReplies();
        return String.format(Locale.ROOT, "%-30s %6d %6d %6d %5d %5d %12s %9s %9d %6d %8d %7.1fs %7d %6s",
                outcome.scenario(), c.sent(), c.acked(), c.stored(), c.duplicates(), c.lost(),
                c.turns() + "(" + c.turnsAnswered() + ")", replies, c.unindexed(), c.unfindable(), c.outbox(),
                outcome.recoverSeconds(), c.retries(), c.clean() ? "ok" : "FAIL")
                + (c.refused() > 0 ? " refused=" + c.refused() : "")
                + (c.unexpected() > 0 ? " unexpected-5xx=" + c.unexpected() : "");
    }

    /**
     * The repository root: the first folder above the working directory with infra/skein.
     */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra/skein"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run fault-suite inside the repository: infra/skein not found above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

}
