package dev.skein.memory;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.EventJson;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnRequested;
import dev.skein.platform.observability.TurnMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the memory-service shows an operator: its stages of a turn timed, the outbox
 * measured, a turn's trace carried across the outbox (even through a restart), and no
 * message content in a failed statement's error.
 */
class ObservabilityIT extends AbstractMemoryServiceIT {

    @Autowired
    MeterRegistry meters;

    @Autowired
    TurnMetrics turns;

    @Test
    void aTurnIsTimedInItsStageAndTheOutboxIsMeasured() throws Exception {
        long before = this.turns.stage(TurnMetrics.MEMORY_PLAN).count();
        String conversation = randomId("c");
        send(new TurnRequested(UUID.randomUUID(), Instant.now(), randomId("t"), conversation, UUID.randomUUID(),
                new MessageInput("user", "I keep bees on the roof.", null, null, null, null), false), "corr-metrics");

        awaitEvents(Topics.RECALL_REQUESTED, conversation, 1, RecallRequested.class);

        assertThat(this.turns.stage(TurnMetrics.MEMORY_PLAN).count()).isGreaterThan(before);
        assertThat(this.meters.find("skein.outbox.depth").gauge()).isNotNull();
        assertThat(this.meters.find("skein.outbox.age").gauge()).isNotNull();
    }

    @Test
    void aRowLeftByACrashIsPublishedInTheTraceThatWroteIt() {
        String conversation = randomId("c");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        ConversationErased event = new ConversationErased(UUID.randomUUID(), Instant.now(), randomId("t"), conversation,
                UUID.randomUUID());
        // as a crash right after the commit leaves it: nobody woke the relay, the sweep
        // publishes it
        this.jdbc.update(
                "INSERT INTO outbox (topic, msg_key, payload, correlation_id, trace_parent) VALUES (?, ?, ?, ?, ?)",
                Topics.CONVERSATION_ERASED, conversation, EventJson.write(event), "corr-trace",
                "00-" + traceId + "-00f067aa0ba902b7-01");

        ConsumerRecord<String, String> published = awaitRecord(Topics.CONVERSATION_ERASED, conversation);

        Header traceparent = published.headers().lastHeader("traceparent");
        assertThat(traceparent).isNotNull();
        assertThat(new String(traceparent.value())).startsWith("00-" + traceId + "-");
    }

    @Test
    void aFailedBatchInsertDoesNotQuoteItsParametersOrTheServersDetail() {
        String content = "my secret diary entry " + UUID.randomUUID();

        List<String> messages = new ArrayList<>();
        assertThatExceptionOfType(DataAccessException.class)
            .isThrownBy(() -> this.jdbc.execute((ConnectionCallback<Void>) connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TEMP TABLE IF NOT EXISTS quoted (content text PRIMARY KEY)");
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO quoted VALUES (?)")) {
                    insert.setString(1, content);
                    insert.addBatch();
                    insert.setString(1, content);
                    insert.addBatch();
                    try {
                        insert.executeBatch();
                    }
                    catch (SQLException ex) {
                        for (SQLException next = ex.getNextException(); next != null; next = next.getNextException()) {
                            messages.add(next.toString());
                        }
                        throw ex;
                    }
                }
                return null;
            }))
            .satisfies(ex -> {
                for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
                    messages.add(cause.toString());
                }
            });

        assertThat(messages).isNotEmpty().noneMatch(message -> message.contains(content));
    }

}
