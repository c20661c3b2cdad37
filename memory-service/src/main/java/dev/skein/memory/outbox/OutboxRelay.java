package dev.skein.memory.outbox;

import java.sql.Array;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes outbox rows in id order, waits for the broker's acks, then deletes them. Everything
 * runs on one thread, so rows never race each other: wake-ups after a commit and the periodic
 * sweep only queue a drain, and concurrent wake-ups collapse into one.
 *
 * <p>At-least-once: a crash between the ack and the delete publishes a row again; consumers
 * dedupe on the event id.
 */
@Component
class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private static final int BATCH = 500;

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final JdbcTemplate jdbc;

    private final KafkaTemplate<String, String> kafka;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicBoolean drainQueued = new AtomicBoolean();

    OutboxRelay(JdbcTemplate jdbc, KafkaTemplate<String, String> kafka) {
        this.jdbc = jdbc;
        this.kafka = kafka;
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
        // cleared before reading, so rows committed while we publish get a drain of their own
        this.drainQueued.set(false);
        try {
            while (publishBatch() == BATCH) {
                // a full batch: there may be more
            }
        }
        catch (Exception ex) {
            log.warn("Outbox relay could not publish; the sweep retries: {}", ex.toString());
        }
    }

    /** Publishes the oldest rows; returns how many were read. */
    int publishBatch() throws InterruptedException {
        List<Row> rows = this.jdbc.query(
                "SELECT id, topic, msg_key, payload, correlation_id FROM outbox ORDER BY id LIMIT " + BATCH,
                (rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>(rows.size());
        for (Row row : rows) {
            sends.add(this.kafka.send(KafkaEvents.record(row.topic(), row.key(), row.payload(), row.correlationId())));
        }
        List<Long> acked = new ArrayList<>(rows.size());
        Exception failure = null;
        for (int i = 0; i < rows.size(); i++) {
            try {
                sends.get(i).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                acked.add(rows.get(i).id());
            }
            catch (ExecutionException | TimeoutException ex) {
                // keep this row and everything after it, so the retry preserves the order
                failure = ex;
                break;
            }
        }
        delete(acked);
        if (failure != null) {
            throw new IllegalStateException("Publishing outbox row " + rows.get(acked.size()).id() + " failed", failure);
        }
        return rows.size();
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

    @Override
    public void destroy() throws InterruptedException {
        this.executor.shutdown();
        this.executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private record Row(long id, String topic, String key, String payload, String correlationId) {
    }
}
