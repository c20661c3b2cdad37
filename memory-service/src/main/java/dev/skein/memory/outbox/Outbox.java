package dev.skein.memory.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.skein.contracts.EventJson;
import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.Topics;
import dev.skein.memory.jdbc.PendingWrites;
import dev.skein.platform.observability.TraceContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes events to {@code memory.outbox} in the caller's transaction, so an event is
 * published if and only if the rows it describes were committed. Right after the commit
 * the relay has the events: a transaction's few (a turn's) from memory, to send at once;
 * more than that it reads back from the table. The turn path never waits for the sweep.
 *
 * <p>
 * Inside a transaction the rows are written together as it commits, in the order they
 * were added, as one statement that takes the transaction's waiting writes with it: a
 * turn adds three events and paid a round trip for each (docs/perf/turn-path-profile.md).
 * Nothing reads the outbox inside the writing transaction except {@link #forget}, which
 * writes what is pending first. Outside a transaction an event is written at once.
 *
 * <p>
 * The memories an import records go to {@link Topics#MEMORY_IMPORTED} instead of
 * {@link Topics#MEMORY_RECORDED} ({@link #importing}): indexing thousands of them must
 * not hold the new turns of the chats keyed to the same partition.
 */
@Component
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (topic, msg_key, payload, correlation_id, trace_parent)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
            RETURNING id
            """;

    /** Rows per INSERT: an import writes thousands of events. */
    private static final int INSERT_BATCH = 500;

    /**
     * The most events of one transaction that stay in the caller's trace and are handed
     * to the relay from memory: a turn's few. An import's thousands would be a span each,
     * and are read back by the relay in batches.
     */
    static final int FEW = 20;

    /** Set while an import adds its events: its memories go to the import's topic. */
    private static final ThreadLocal<Boolean> IMPORTING = ThreadLocal.withInitial(() -> false);

    private final JdbcTemplate jdbc;

    private final PendingWrites writes;

    private final OutboxRelay relay;

    private final TraceContext traces;

    Outbox(JdbcTemplate jdbc, PendingWrites writes, OutboxRelay relay, TraceContext traces) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.relay = relay;
        this.traces = traces;
    }

    public void add(SkeinEvent event, String correlationId) {
        // the trace goes with the row: the relay publishes it on another thread
        write(List.of(row(event, correlationId, this.traces.current())));
    }

    /**
     * Many events in one statement per 500, in list order (an import writes thousands).
     */
    public void addAll(List<? extends SkeinEvent> events, String correlationId) {
        if (events.isEmpty()) {
            return;
        }
        String traceParent = events.size() <= FEW ? this.traces.current() : null;
        List<OutboxRow> rows = new ArrayList<>(events.size());
        for (SkeinEvent event : events) {
            rows.add(row(event, correlationId, traceParent));
        }
        write(rows);
    }

    /**
     * Runs {@code work}, an import's writes: the {@link MemoryRecorded} events it adds go
     * to {@link Topics#MEMORY_IMPORTED}; every other event to its own topic.
     */
    public void importing(Runnable work) {
        boolean outer = IMPORTING.get();
        IMPORTING.set(true);
        try {
            work.run();
        }
        finally {
            IMPORTING.set(outer);
        }
    }

    /**
     * Deletes the conversation's events not yet relayed (they hold its text in clear
     * until the relay sends them, encrypted), in the caller's transaction: part of an
     * erasure. What this transaction added is then left to the relay's read of the table,
     * which does not find what was deleted.
     */
    public int forget(String tenantId, String conversationId) {
        Pending pending = pending();
        if (pending != null) {
            pending.writeRows();
            pending.fromTable = true;
        }
        return this.jdbc.update("DELETE FROM outbox WHERE msg_key = ? AND payload::jsonb ->> 'tenantId' = ?",
                conversationId, tenantId);
    }

    /** Serialized now: a bad event fails the call that adds it, not the commit. */
    private static OutboxRow row(SkeinEvent event, String correlationId, String traceParent) {
        String topic = IMPORTING.get() && event instanceof MemoryRecorded ? Topics.MEMORY_IMPORTED
                : Topics.topicOf(event);
        return new OutboxRow(topic, event.conversationId(), EventJson.write(event), correlationId, traceParent);
    }

    private void write(List<OutboxRow> rows) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            hand(rows, insert(rows));
            return;
        }
        Pending pending = pending();
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.registerSynchronization(pending);
            this.writes.atCommit(pending::writeRows);
        }
        pending.rows.addAll(rows);
    }

    /**
     * Committed rows to the relay: from memory when they are few, else from the table.
     */
    private void hand(List<OutboxRow> rows, List<Long> ids) {
        if (rows.size() <= FEW) {
            this.relay.committed(rows, ids);
        }
        else {
            this.relay.toTable(keys(rows));
        }
    }

    private static Set<String> keys(List<OutboxRow> rows) {
        return rows.stream().map(OutboxRow::key).collect(Collectors.toSet());
    }

    /** This transaction's rows not yet written, if it added any. */
    private static Pending pending() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof Pending pending) {
                return pending;
            }
        }
        return null;
    }

    /**
     * @return the rows' ids
     */
    private List<Long> insert(List<OutboxRow> rows) {
        List<Long> ids = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += INSERT_BATCH) {
            List<OutboxRow> part = rows.subList(from, Math.min(rows.size(), from + INSERT_BATCH));
            // with the transaction's writes still waiting: its last statements in one
            // round trip
            ids.addAll(this.writes.query(INSERT, (rs, i) -> rs.getLong(1), column(part, OutboxRow::topic),
                    column(part, OutboxRow::key), column(part, OutboxRow::payload),
                    column(part, OutboxRow::correlationId), column(part, OutboxRow::traceParent)));
        }
        return ids;
    }

    private static SqlArrayValue column(List<OutboxRow> rows, Function<OutboxRow, String> value) {
        return new SqlArrayValue("text", rows.stream().map(value).toArray());
    }

    /**
     * The rows a transaction added, written as it commits (still inside it: a failure
     * rolls it back; {@link PendingWrites#atCommit}), and handed to the relay after its
     * commit. One per transaction: a suspended transaction keeps its own.
     */
    private final class Pending implements TransactionSynchronization {

        private final List<OutboxRow> rows = new ArrayList<>();

        private final List<OutboxRow> written = new ArrayList<>();

        private final List<Long> ids = new ArrayList<>();

        /** Set when the transaction deleted rows: the relay reads what is left. */
        private boolean fromTable;

        void writeRows() {
            if (!this.rows.isEmpty()) {
                this.ids.addAll(insert(this.rows));
                this.written.addAll(this.rows);
                this.rows.clear();
            }
        }

        @Override
        public void afterCommit() {
            if (this.fromTable) {
                Outbox.this.relay.toTable(keys(this.written));
            }
            else {
                hand(this.written, this.ids);
            }
        }

    }

}
