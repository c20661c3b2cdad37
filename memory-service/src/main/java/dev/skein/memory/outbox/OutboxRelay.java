package dev.skein.memory.outbox;

import java.sql.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import dev.skein.contracts.KafkaEvents;
import dev.skein.platform.kafka.DeliveryTimer;
import dev.skein.platform.kafka.KafkaSettings;
import dev.skein.platform.observability.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox, waits for the broker's acks, then deletes what was acked. Two
 * ways in, one thread, so nothing races:
 * <ul>
 * <li>a transaction's few events (a turn's) are handed over from memory as it commits
 * ({@link #committed}) and sent at once: a turn waits on this twice, and reading its rows
 * back cost it a wake-up and two round trips each time
 * (docs/perf/turn-path-profile.md);</li>
 * <li>everything else is read back from the table in id order ({@link #toTable}): an
 * import's thousands of events, rows a crash left behind (the periodic sweep), and every
 * row while the relay is behind.</li>
 * </ul>
 * Both kinds of work are queued in commit order and done in that order. The relay is
 * behind from its start until a drain of the table has sent everything, and again after
 * any failed send: meanwhile committed events are left to the drain instead of being sent
 * from memory, so they never overtake a row still waiting in the table. Across instances,
 * a drain takes a transaction-scoped advisory lock and, when another relay holds it,
 * leaves the table to that one and to its own next sweep instead of waiting: committed
 * events queued behind the drain are not held up.
 *
 * <p>
 * An import's thousands of rows take a drain many batches. The committed events of other
 * conversations do not wait for all of them: between two batches the relay sends the
 * queued ones whose keys have no row handed to the table ({@link #toTable}), so a chat
 * turn waits for one batch at most. Order per key is kept: an event of a key with rows in
 * the table stays behind them, and the relay sends nothing from memory while it is
 * behind, when it does not know what the table holds.
 *
 * <p>
 * At-least-once: a crash between the ack and the delete publishes a row again; consumers
 * dedupe on the event id. A drain that reads a transaction's rows in the instant between
 * its commit and its hand-over sends them first; the relay remembers what its drains sent
 * for a minute, and the hand-over that comes after is not sent again.
 */
@Component
class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /**
     * Rows a drain sends at once: committed events of other keys wait for one batch at
     * most.
     */
    static final int BATCH = 100;

    /**
     * How long a drained row's id is remembered: a hand-over comes within milliseconds.
     */
    private static final long DRAINED_MEMORY = TimeUnit.MINUTES.toNanos(1);

    /** Advisory lock key of the outbox relay ("skein-ob"). */
    static final long RELAY_LOCK = 0x736b65696e2d6f62L;

    /** A queued drain of the table. */
    private static final Work DRAIN = new Work(List.of(), List.of(), 0);

    private final JdbcTemplate jdbc;

    private final KafkaTemplate<String, String> kafka;

    private final Duration sendTimeout;

    private final TransactionTemplate transactions;

    private final TraceContext traces;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    /** Committed events and drains, in the order they were asked for. */
    private final Queue<Work> work = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean running = new AtomicBoolean();

    private final AtomicBoolean drainQueued = new AtomicBoolean();

    /** Rows may wait in the table: committed events go there too. */
    private volatile boolean behind = true;

    /** Ids of the rows drains sent, with when, oldest first (the relay's thread only). */
    private final LinkedHashMap<Long, Long> drained = new LinkedHashMap<>();

    /**
     * The keys of the rows handed to the table, each with the number of its last
     * hand-over: a drain forgets a key once it has read the table empty after that
     * hand-over.
     */
    private final Map<String, Long> keysInTable = new ConcurrentHashMap<>();

    private final AtomicLong handOvers = new AtomicLong();

    private final Timer wait;

    OutboxRelay(JdbcTemplate jdbc, KafkaTemplate<String, String> kafka, KafkaSettings kafkaSettings,
            TransactionTemplate transactions, TraceContext traces, MeterRegistry meters) {
        this.wait = Timer.builder("skein.outbox.wait")
            .description("From a transaction's commit to the send of its events, for those sent from memory")
            .serviceLevelObjectives(DeliveryTimer.buckets())
            .register(meters);
        this.traces = traces;
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.sendTimeout = kafkaSettings.sendTimeout();
        this.transactions = transactions;
    }

    /**
     * Rows just committed, with their ids (in any order): sent from memory unless the
     * relay is behind. Never blocks the caller.
     */
    void committed(List<OutboxRow> rows, List<Long> ids) {
        this.work.add(new Work(rows, ids, System.nanoTime()));
        run();
    }

    /**
     * Rows just committed that the relay is to read from the table (an import's
     * thousands, or a transaction that deleted rows), with their keys: until a drain has
     * read them, the committed events of those keys wait for it. Never blocks.
     */
    void toTable(Set<String> keys) {
        long handOver = this.handOvers.incrementAndGet();
        keys.forEach(key -> this.keysInTable.put(key, handOver));
        publishSoon();
    }

    /** Queues a drain of the table unless one is queued already. Never blocks. */
    void publishSoon() {
        if (this.drainQueued.compareAndSet(false, true)) {
            this.work.add(DRAIN);
            run();
        }
    }

    /** Whether committed events wait for a drain of the table (tests). */
    boolean behind() {
        return this.behind;
    }

    private void run() {
        if (this.running.compareAndSet(false, true)) {
            try {
                this.executor.execute(this::work);
            }
            catch (RejectedExecutionException ex) {
                // shutting down: the rows stay in the outbox for the next start
                this.running.set(false);
            }
        }
    }

    private void work() {
        // cleared before polling, so work queued while we publish gets a run of its own
        this.running.set(false);
        List<Work> sends = new ArrayList<>();
        try {
            for (Work next = this.work.poll(); next != null; next = this.work.poll()) {
                if (next != DRAIN) {
                    sends.add(next);
                    continue;
                }
                send(sends);
                sends.clear();
                this.drainQueued.set(false);
                drain();
            }
            send(sends);
        }
        catch (RuntimeException ex) {
            this.behind = true;
            log.warn("Outbox relay failed; the sweep retries: {}", ex.toString());
        }
    }

    /**
     * Sends committed events as they are, in commit order; what was not acked is left to
     * a drain, which keeps its order.
     */
    private void send(List<Work> handedOver) {
        List<Work> committed = handedOver.stream().filter(group -> !sentByADrain(group)).toList();
        if (committed.isEmpty()) {
            return;
        }
        if (this.behind) {
            publishSoon();
            return;
        }
        Map<Boolean, List<Work>> waiting = committed.stream()
            .collect(Collectors.partitioningBy(this::waitsForTheTable));
        if (!waiting.get(true).isEmpty()) {
            // their rows go out with their keys' rows in the table, in id order
            publishSoon();
        }
        committed = waiting.get(false);
        if (committed.isEmpty()) {
            return;
        }
        String from = log.isDebugEnabled()
                ? "committed, handed over " + (System.nanoTime() - committed.get(0).committedAt()) / 1000 + " µs before"
                : "committed";
        long now = System.nanoTime();
        committed.forEach(group -> this.wait.record(now - group.committedAt(), TimeUnit.NANOSECONDS));
        Exception failure = sendInOrder(committed, from).failure();
        if (failure != null) {
            this.behind = true;
            log.warn("Outbox relay could not publish a committed event; a drain of the table retries: {}",
                    failure.toString());
            publishSoon();
        }
    }

    /**
     * Sends the groups' rows in order, waits for the acks and deletes the rows of each
     * group whose rows were all acked, up to the first that was not: that group and those
     * after it stay in the table. A record the producer refuses outright (too large, say)
     * fails before send returns: nothing after it goes out, so nothing overtakes it.
     */
    private Sent sendInOrder(List<Work> groups, String from) {
        long start = System.nanoTime();
        List<List<CompletableFuture<SendResult<String, String>>>> sends = new ArrayList<>(groups.size());
        int count = 0;
        boolean refused = false;
        for (int i = 0; i < groups.size() && !refused; i++) {
            List<OutboxRow> rows = groups.get(i).rows();
            List<CompletableFuture<SendResult<String, String>>> own = new ArrayList<>(rows.size());
            for (int j = 0; j < rows.size() && !refused; j++) {
                own.add(send(rows.get(j)));
                refused = own.get(j).isCompletedExceptionally();
            }
            sends.add(own);
            count += own.size();
        }
        long sent = System.nanoTime();
        List<Long> acked = new ArrayList<>(count);
        Exception failure = null;
        int ackedGroups = 0;
        while (ackedGroups < sends.size() && (failure = awaitAcks(sends.get(ackedGroups))) == null) {
            acked.addAll(groups.get(ackedGroups).ids());
            ackedGroups++;
        }
        // the send is on the path of every turn (docs/perf/turn-path-profile.md)
        log.debug("Relayed {} rows ({}): {} µs to send, {} µs more to the acks", count, from, (sent - start) / 1000,
                (System.nanoTime() - sent) / 1000);
        delete(acked);
        return new Sent(ackedGroups, failure);
    }

    private CompletableFuture<SendResult<String, String>> send(OutboxRow row) {
        // the send joins the trace of the transaction that wrote the row
        try (TraceContext.Scope ignored = this.traces.resume(row.traceParent(), "outbox relay")) {
            return this.kafka.send(KafkaEvents.record(row.topic(), row.key(), row.payload(), row.correlationId()));
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** The first failure among the sends, or null when the broker acked them all. */
    private Exception awaitAcks(List<CompletableFuture<SendResult<String, String>>> sends) {
        for (CompletableFuture<SendResult<String, String>> send : sends) {
            try {
                send.get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (ExecutionException | TimeoutException ex) {
                return ex;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return ex;
            }
        }
        return null;
    }

    private void delete(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        this.jdbc.update("DELETE FROM outbox WHERE id = ANY(?)", ps -> {
            Array array = ps.getConnection().createArrayOf("bigint", ids.toArray());
            ps.setArray(1, array);
        });
    }

    /**
     * Publishes the table in id order, batch after batch, until it is empty; between two
     * batches, the committed events that need not wait for it.
     */
    private void drain() {
        Batch batch;
        long handedOver;
        do {
            sendPassing();
            // read before the batch: each hand-over up to it was committed before the
            // read
            handedOver = this.handOvers.get();
            batch = this.transactions.execute(status -> publishBatch());
            if (batch.failure() != null) {
                this.behind = true;
                log.warn("Outbox relay could not publish row {}; the sweep retries: {}", batch.failedId(),
                        batch.failure().toString());
                return;
            }
            if (batch.skipped()) {
                // another instance's relay is draining; our sweep comes back to it
                return;
            }
        }
        while (batch.read() == BATCH);
        // the table held nothing older than what is queued now
        this.behind = false;
        long read = handedOver;
        this.keysInTable.values().removeIf(handOver -> handOver <= read);
    }

    /**
     * Whether a committed group has a key with rows handed to the table: then it goes out
     * from the table too, behind them, not from memory.
     */
    private boolean waitsForTheTable(Work group) {
        return group.rows().stream().anyMatch(row -> this.keysInTable.containsKey(row.key()));
    }

    /**
     * Takes the queued committed events out of the queue, in order, and {@link #send}s
     * them: those of keys with rows in the table are left to the drain there, the others
     * go out now. Nothing while the relay is behind: then all of them wait for the drain.
     */
    private void sendPassing() {
        if (this.behind) {
            return;
        }
        List<Work> queued = new ArrayList<>();
        for (Iterator<Work> next = this.work.iterator(); next.hasNext();) {
            Work group = next.next();
            if (group != DRAIN) {
                queued.add(group);
                next.remove();
            }
        }
        send(queued);
    }

    /**
     * In one transaction: take the relay lock (or leave it to the relay that holds it),
     * read the oldest rows, publish them, wait for the acks and delete what was acked.
     * The delete does not wait for the WAL flush: losing it in a crash only publishes
     * those rows once more, and the relay is not held up by an fsync.
     */
    private Batch publishBatch() {
        // one round trip: the relay lock, and no WAL flush wait for this transaction's
        // deletes
        Boolean locked = this.jdbc.queryForObject(
                "SELECT pg_try_advisory_xact_lock(?) AND set_config('synchronous_commit', 'off', true) = 'off'",
                Boolean.class, RELAY_LOCK);
        if (!Boolean.TRUE.equals(locked)) {
            return Batch.SKIPPED;
        }
        // one group a row: a row that fails is kept with everything after it
        List<Work> rows = this.jdbc.query(
                "SELECT id, topic, msg_key, payload, correlation_id, trace_parent FROM outbox ORDER BY id LIMIT "
                        + BATCH,
                (rs, n) -> new Work(List.of(new OutboxRow(rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6))), List.of(rs.getLong(1)), 0));
        if (rows.isEmpty()) {
            return new Batch(0, false, null, null);
        }
        Sent sent = sendInOrder(rows, "from the table");
        long now = System.nanoTime();
        for (int i = 0; i < sent.ackedGroups(); i++) {
            rows.get(i).ids().forEach(id -> this.drained.put(id, now));
        }
        // oldest first: only the head can be old enough to forget
        Iterator<Long> oldest = this.drained.values().iterator();
        while (oldest.hasNext() && now - oldest.next() > DRAINED_MEMORY) {
            oldest.remove();
        }
        return new Batch(rows.size(), false, sent.failure(),
                sent.failure() == null ? null : rows.get(sent.ackedGroups()).ids().get(0));
    }

    /**
     * Whether a drain sent the group's rows already. A transaction's rows are drained all
     * together or, when a send fails, up to it: then the relay is behind and the group is
     * left to the next drain anyway.
     */
    private boolean sentByADrain(Work group) {
        boolean sent = false;
        for (Long id : group.ids()) {
            sent |= this.drained.remove(id) != null;
        }
        return sent;
    }

    @Override
    public void destroy() throws InterruptedException {
        this.executor.shutdown();
        this.executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * Rows sent together and deleted together once all are acked, with their ids: a
     * committed transaction's (and when it was handed over), or one row of the table;
     * empty, a drain of the table.
     */
    private record Work(List<OutboxRow> rows, List<Long> ids, long committedAt) {
    }

    /** How many groups were acked from the start, and the failure that stopped it. */
    private record Sent(int ackedGroups, Exception failure) {
    }

    private record Batch(int read, boolean skipped, Exception failure, Long failedId) {

        static final Batch SKIPPED = new Batch(0, true, null, null);

    }

}
