package dev.skein.memory.outbox;

import java.util.ArrayList;
import java.util.List;

import dev.skein.contracts.EventJson;
import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.Topics;
import dev.skein.platform.observability.TraceContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes events to {@code memory.outbox} in the caller's transaction, so an event is
 * published if and only if the rows it describes were committed. The relay is woken right
 * after the commit: the turn path never waits for the sweep.
 *
 * <p>
 * Inside a transaction the rows are written together right before the commit, in the
 * order they were added, as one JDBC batch (one multi-row INSERT with
 * reWriteBatchedInserts): a turn adds three events and paid a round trip for each
 * (docs/perf/turn-path-profile.md). Nothing reads the outbox inside the writing
 * transaction except {@link #forget}, which writes what is pending first. Outside a
 * transaction an event is written at once.
 */
@Component
public class Outbox {

    private static final String INSERT = "INSERT INTO outbox (topic, msg_key, payload, correlation_id, trace_parent) VALUES (?, ?, ?, ?, ?)";

    /** The most events of one call that are published inside the caller's trace. */
    static final int TRACED_BATCH = 20;

    private final JdbcTemplate jdbc;

    private final OutboxRelay relay;

    private final TraceContext traces;

    Outbox(JdbcTemplate jdbc, OutboxRelay relay, TraceContext traces) {
        this.jdbc = jdbc;
        this.relay = relay;
        this.traces = traces;
    }

    public void add(SkeinEvent event, String correlationId) {
        // the trace goes with the row: the relay publishes it on another thread
        write(List.of(row(event, correlationId, this.traces.current())));
    }

    /** Many events in one JDBC batch, in list order (an import writes thousands). */
    public void addAll(List<? extends SkeinEvent> events, String correlationId) {
        if (events.isEmpty()) {
            return;
        }
        // a turn's few events stay in its trace; an import's thousands would be a span
        // each
        String traceParent = events.size() <= TRACED_BATCH ? this.traces.current() : null;
        List<Row> rows = new ArrayList<>(events.size());
        for (SkeinEvent event : events) {
            rows.add(row(event, correlationId, traceParent));
        }
        write(rows);
    }

    /**
     * Deletes the conversation's events not yet relayed (they hold its text in clear
     * until the relay sends them, encrypted), in the caller's transaction: part of an
     * erasure.
     */
    public int forget(String tenantId, String conversationId) {
        Pending pending = pending();
        if (pending != null) {
            pending.writeRows();
        }
        return this.jdbc.update("DELETE FROM outbox WHERE msg_key = ? AND payload::jsonb ->> 'tenantId' = ?",
                conversationId, tenantId);
    }

    /** Serialized now: a bad event fails the call that adds it, not the commit. */
    private static Row row(SkeinEvent event, String correlationId, String traceParent) {
        return new Row(Topics.topicOf(event), event.conversationId(), EventJson.write(event), correlationId,
                traceParent);
    }

    private void write(List<Row> rows) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            insert(rows);
            this.relay.publishSoon();
            return;
        }
        Pending pending = pending();
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.rows.addAll(rows);
    }

    /** This transaction's rows not yet written, if it added any. */
    private static Pending pending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof Pending pending) {
                return pending;
            }
        }
        return null;
    }

    private void insert(List<Row> rows) {
        if (rows.size() == 1) {
            Row row = rows.get(0);
            this.jdbc.update(INSERT, row.topic(), row.key(), row.payload(), row.correlationId(), row.traceParent());
            return;
        }
        this.jdbc.batchUpdate(INSERT, rows, 500, (ps, row) -> {
            ps.setString(1, row.topic());
            ps.setString(2, row.key());
            ps.setString(3, row.payload());
            ps.setString(4, row.correlationId());
            ps.setString(5, row.traceParent());
        });
    }

    private record Row(String topic, String key, String payload, String correlationId, String traceParent) {
    }

    /**
     * The rows a transaction added, written in its beforeCommit (still inside it: a
     * failure rolls it back), and the relay woken after its commit. One per transaction:
     * a suspended transaction keeps its own.
     */
    private final class Pending implements TransactionSynchronization {

        private final List<Row> rows = new ArrayList<>();

        void writeRows() {
            if (!this.rows.isEmpty()) {
                insert(this.rows);
                this.rows.clear();
            }
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            writeRows();
        }

        @Override
        public void afterCommit() {
            Outbox.this.relay.publishSoon();
        }

    }

}
