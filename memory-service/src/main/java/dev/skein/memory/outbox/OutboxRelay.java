package dev.skein.memory.outbox;

import java.sql.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.skein.contracts.KafkaEvents;
import dev.skein.platform.kafka.KafkaSettings;
import dev.skein.platform.observability.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows in id order, waits for the broker's acks, then deletes them.
 * Everything runs on one thread, so rows never race each other: wake-ups after a commit
 * and the periodic sweep only queue a drain, and concurrent wake-ups collapse into one.
 * Across instances of the service a transaction-scoped advisory lock does the same, so
 * two relays never interleave.
 *
 * <p>
 * At-least-once: a crash between the ack and the delete publishes a row again; consumers
 * dedupe on the event id.
 */
@Component
class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private static final int BATCH = 500;

    /** Advisory lock key of the outbox relay ("skein-ob"). */
    private static final long RELAY_LOCK = 0x736b65696e2d6f62L;

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

    private final AtomicBoolean drainQueued = new AtomicBoolean();

    OutboxRelay(JdbcTemplate jdbc, KafkaTemplate<String, String> kafka, KafkaSettings kafkaSettings,
            TransactionTemplate transactions, TraceContext traces) {
        this.traces = traces;
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.sendTimeout = kafkaSettings.sendTimeout();
        this.transactions = transactions;
    }

    /** Queues a drain unless one is queued already. Never blocks the caller. */
    void publishSoon() {
        if (this.drainQueued.compareAndSet(false, true)) {
            try {
                this.executor.execute(this::drain);
            }
            catch (RejectedExecutionException ex) {
                // shutting down: the rows stay in the outbox for the next start
                this.drainQueued.set(false);
            }
        }
    }

    private void drain() {
        // cleared before reading, so rows committed while we publish get a drain of their
        // own
        this.drainQueued.set(false);
        try {
            Batch batch;
            do {
                batch = this.transactions.execute(status -> publishBatch());
                if (batch.failure() != null) {
                    log.warn("Outbox relay could not publish row {}; the sweep retries: {}", batch.failedId(),
                            batch.failure().toString());
                    return;
                }
            }
            while (batch.read() == BATCH);
        }
        catch (RuntimeException ex) {
            log.warn("Outbox relay failed; the sweep retries: {}", ex.toString());
        }
    }

    /**
     * In one transaction: take the relay lock, read the oldest rows, publish them, wait
     * for the acks and delete what was acked. The delete does not wait for the WAL flush:
     * losing it in a crash only publishes those rows once more, and the relay is not held
     * up by an fsync.
     */
    private Batch publishBatch() {
        // one round trip: the relay lock, and no WAL flush wait for this transaction's
        // deletes
        this.jdbc.query("SELECT pg_advisory_xact_lock(?), set_config('synchronous_commit', 'off', true)", rs -> null,
                RELAY_LOCK);
        List<Row> rows = this.jdbc.query(
                "SELECT id, topic, msg_key, payload, correlation_id, trace_parent FROM outbox ORDER BY id LIMIT "
                        + BATCH,
                (rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)));
        if (rows.isEmpty()) {
            return new Batch(0, null, null);
        }
        long read = System.nanoTime();
        List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>(rows.size());
        for (Row row : rows) {
            // the send joins the trace of the transaction that wrote the row
            try (TraceContext.Scope ignored = this.traces.resume(row.traceParent(), "outbox relay")) {
                sends.add(this.kafka
                    .send(KafkaEvents.record(row.topic(), row.key(), row.payload(), row.correlationId())));
            }
        }
        long sent = System.nanoTime();
        List<Long> acked = new ArrayList<>(rows.size());
        Exception failure = null;
        for (int i = 0; i < rows.size() && failure == null; i++) {
            try {
                sends.get(i).get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
                acked.add(rows.get(i).id());
            }
            catch (ExecutionException | TimeoutException ex) {
                // keep this row and everything after it, so the retry preserves the order
                failure = ex;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                failure = ex;
            }
        }
        long acknowledged = System.nanoTime();
        // the send is on the path of every turn (docs/perf/turn-path-profile.md)
        log.debug("Relayed {} rows: {} µs to send, {} µs more to the acks", rows.size(), (sent - read) / 1000,
                (acknowledged - sent) / 1000);
        if (!acked.isEmpty()) {
            this.jdbc.update("DELETE FROM outbox WHERE id = ANY(?)", ps -> {
                Array array = ps.getConnection().createArrayOf("bigint", acked.toArray());
                ps.setArray(1, array);
            });
        }
        return new Batch(rows.size(), failure, failure == null ? null : rows.get(acked.size()).id());
    }

    @Override
    public void destroy() throws InterruptedException {
        this.executor.shutdown();
        this.executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private record Row(long id, String topic, String key, String payload, String correlationId, String traceParent) {
    }

    private record Batch(int read, Exception failure, Long failedId) {
    }

}
