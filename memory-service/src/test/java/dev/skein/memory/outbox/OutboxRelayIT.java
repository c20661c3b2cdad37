package dev.skein.memory.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.EventJson;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.Topics;
import dev.skein.memory.AbstractMemoryServiceIT;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's two ways in: a transaction's few events sent from memory as it commits, and
 * the table read in id order while anything waits in it.
 */
class OutboxRelayIT extends AbstractMemoryServiceIT {

    @Autowired
    private Outbox outbox;

    @Autowired
    private OutboxRelay relay;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private DataSource dataSource;

    @Test
    void committedEventsAreSentFromMemoryWithoutReadingTheTable() throws Exception {
        await().atMost(WAIT).until(() -> !this.relay.behind());
        String conversation = randomId("c");
        ConversationErased event = erased(conversation);
        // another instance's relay holds the table: a relay that has to read it waits
        try (Connection otherRelay = holdTheRelayLock()) {
            this.transactions.executeWithoutResult(status -> this.outbox.add(event, "corr-direct"));

            assertThat(awaitEvents(Topics.CONVERSATION_ERASED, conversation, 1, ConversationErased.class))
                .containsExactly(event);
            await().atMost(WAIT).until(() -> rows(conversation) == 0);
            otherRelay.rollback();
        }
    }

    @Test
    void committedEventsWaitBehindARowTheRelayCouldNotSend() throws InterruptedException {
        String stuck = randomId("c");
        String later = randomId("c");
        // larger than the producer's max.request.size: every send of it fails
        Long poison = this.jdbc.queryForObject(
                "INSERT INTO outbox (topic, msg_key, payload) VALUES (?, ?, ?) RETURNING id", Long.class,
                Topics.CONVERSATION_ERASED, stuck, "{\"pad\":\"" + "x".repeat(2_000_000) + "\"}");
        ConversationErased event = erased(later);
        try {
            await().atMost(WAIT).until(this.relay::behind);
            this.transactions.executeWithoutResult(status -> this.outbox.add(event, "corr-later"));

            // three sweeps: the event is not sent past the row before it
            Thread.sleep(1500);
            assertThat(correlationIds(Topics.CONVERSATION_ERASED, later)).isEmpty();
            assertThat(rows(later)).isOne();
        }
        finally {
            this.jdbc.update("DELETE FROM outbox WHERE id = ?", poison);
        }
        assertThat(awaitEvents(Topics.CONVERSATION_ERASED, later, 1, ConversationErased.class)).containsExactly(event);
        await().atMost(WAIT).until(() -> rows(later) == 0 && !this.relay.behind());
    }

    @Test
    void aCommittedTransactionWhoseRowsADrainSentFirstIsNotSentAgain() throws InterruptedException {
        await().atMost(WAIT).until(() -> !this.relay.behind());
        String conversation = randomId("c");
        ConversationErased event = erased(conversation);
        OutboxRow row = new OutboxRow(Topics.CONVERSATION_ERASED, conversation, EventJson.write(event), "corr-once",
                null);
        // committed, and read by a drain before the transaction's hand-over comes
        Long id = this.jdbc.queryForObject(
                "INSERT INTO outbox (topic, msg_key, payload, correlation_id) VALUES (?, ?, ?, ?) RETURNING id",
                Long.class, row.topic(), row.key(), row.payload(), row.correlationId());
        this.relay.publishSoon();
        assertThat(awaitEvents(Topics.CONVERSATION_ERASED, conversation, 1, ConversationErased.class))
            .containsExactly(event);
        await().atMost(WAIT).until(() -> rows(conversation) == 0);

        this.relay.committed(List.of(row), List.of(id));

        // two sweeps' time: a second copy would be out by now
        Thread.sleep(1000);
        assertThat(correlationIds(Topics.CONVERSATION_ERASED, conversation)).containsExactly("corr-once");
    }

    @Test
    void anImportsRowsHoldTheEventsOfTheirOwnConversationOnlyAndThoseForOneBatch() {
        await().atMost(WAIT).until(() -> !this.relay.behind());
        String imported = randomId("c");
        String chat = randomId("c");
        int bulk = 20 * OutboxRelay.BATCH;
        List<ConversationErased> many = IntStream.range(0, bulk).mapToObj(n -> erased(imported)).toList();
        ConversationErased after = erased(imported);
        ConversationErased other = erased(chat);

        // an import's thousands of events go to the table; then two turns' few commit
        this.transactions.executeWithoutResult(status -> this.outbox.addAll(many, "corr-bulk"));
        this.transactions.executeWithoutResult(status -> this.outbox.add(after, "corr-after"));
        this.transactions.executeWithoutResult(status -> this.outbox.add(other, "corr-other"));

        List<ConsumerRecord<String, String>> ownRecords = awaitRecords(List.of(Topics.CONVERSATION_ERASED), imported,
                event -> true, bulk + 1);
        ConsumerRecord<String, String> otherRecord = awaitRecords(List.of(Topics.CONVERSATION_ERASED), chat,
                event -> true, 1)
            .get(0);
        // the other conversation's event went out between two batches of the import's,
        // not after all of them
        assertThat(otherRecord.timestamp()).isLessThan(ownRecords.get(bulk - 1).timestamp());
        // the import's own conversation's event stays behind every one of its rows
        assertThat(ownRecords).hasSize(bulk + 1);
        assertThat(KafkaEvents.event(ownRecords.get(bulk))).isEqualTo(after);
        await().atMost(WAIT).until(() -> rows(imported) == 0 && rows(chat) == 0);
    }

    @Test
    void whileAnotherRelayHoldsTheTableOnlyTheConversationsWithRowsThereWait() throws Exception {
        await().atMost(WAIT).until(() -> !this.relay.behind());
        String imported = randomId("c");
        String chat = randomId("c");
        List<ConversationErased> many = IntStream.range(0, 2 * Outbox.FEW).mapToObj(n -> erased(imported)).toList();
        ConversationErased after = erased(imported);
        ConversationErased other = erased(chat);
        try (Connection otherRelay = holdTheRelayLock()) {
            this.transactions.executeWithoutResult(status -> this.outbox.addAll(many, "corr-bulk"));
            this.transactions.executeWithoutResult(status -> this.outbox.add(after, "corr-after"));
            this.transactions.executeWithoutResult(status -> this.outbox.add(other, "corr-other"));

            // the other conversation's event is sent from memory; the importing one's
            // waits behind its rows, which only a drain may send
            assertThat(awaitEvents(Topics.CONVERSATION_ERASED, chat, 1, ConversationErased.class))
                .containsExactly(other);
            Thread.sleep(1000);
            assertThat(correlationIds(Topics.CONVERSATION_ERASED, imported)).isEmpty();
            otherRelay.rollback();
        }
        List<ConversationErased> own = awaitEvents(Topics.CONVERSATION_ERASED, imported, many.size() + 1,
                ConversationErased.class);
        assertThat(own).hasSize(many.size() + 1).endsWith(after);
        await().atMost(WAIT).until(() -> rows(imported) == 0);
    }

    /**
     * A connection in a transaction that holds the relay lock, as another instance's
     * relay draining the table does; rolled back, it lets go.
     */
    private Connection holdTheRelayLock() throws SQLException {
        Connection connection = this.dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, OutboxRelay.RELAY_LOCK);
            lock.execute();
        }
        return connection;
    }

    private static ConversationErased erased(String conversation) {
        return new ConversationErased(UUID.randomUUID(), Instant.now(), randomId("t"), conversation, UUID.randomUUID());
    }

    private long rows(String conversation) {
        return this.jdbc.queryForObject("SELECT count(*) FROM outbox WHERE msg_key = ?", Long.class, conversation);
    }

}
