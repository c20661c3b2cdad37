package dev.skein.memory.outbox;

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
 */
@Component
public class Outbox {

    private static final String INSERT = "INSERT INTO outbox (topic, msg_key, payload, correlation_id, trace_parent) VALUES (?, ?, ?, ?, ?)";

    /** The most events of one call that are published inside the caller's trace. */
    static final int TRACED_BATCH = 20;

    private final JdbcTemplate jdbc;

    private final OutboxRelay relay;

    private final TraceContext traces;

    /**
     * One instance: the transaction keeps its synchronizations in a set, so it runs once
     * per commit.
     */
    private final TransactionSynchronization publishAfterCommit;

    Outbox(JdbcTemplate jdbc, OutboxRelay relay, TraceContext traces) {
        this.jdbc = jdbc;
        this.relay = relay;
        this.traces = traces;
        this.publishAfterCommit = new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.publishSoon();
            }
        };
    }

    public void add(SkeinEvent event, String correlationId) {
        // the trace goes with the row: the relay publishes it on another thread
        this.jdbc.update(INSERT, Topics.topicOf(event), event.conversationId(), EventJson.write(event), correlationId,
                this.traces.current());
        wakeRelay();
    }

    /** Many events in one JDBC batch, in list order (an import writes thousands). */
    public void addAll(List<? extends SkeinEvent> events, String correlationId) {
        if (events.isEmpty()) {
            return;
        }
        // a turn's few events stay in its trace; an import's thousands would be a span
        // each
        String traceParent = events.size() <= TRACED_BATCH ? this.traces.current() : null;
        this.jdbc.batchUpdate(INSERT, events, 500, (ps, event) -> {
            ps.setString(1, Topics.topicOf(event));
            ps.setString(2, event.conversationId());
            ps.setString(3, EventJson.write(event));
            ps.setString(4, correlationId);
            ps.setString(5, traceParent);
        });
        wakeRelay();
    }

    /**
     * Deletes the conversation's events not yet relayed (they hold its text in clear
     * until the relay sends them, encrypted), in the caller's transaction: part of an
     * erasure.
     */
    public int forget(String tenantId, String conversationId) {
        return this.jdbc.update("DELETE FROM outbox WHERE msg_key = ? AND payload::jsonb ->> 'tenantId' = ?",
                conversationId, tenantId);
    }

    private void wakeRelay() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(this.publishAfterCommit);
        }
        else {
            this.relay.publishSoon();
        }
    }

}
