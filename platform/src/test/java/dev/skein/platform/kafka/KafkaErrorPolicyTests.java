package dev.skein.platform.kafka;

import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaErrorPolicyTests {

    @Test
    void anUnreachableDatabaseOrBrokerIsAnOutage() {
        assertThat(KafkaErrorPolicy.isOutage(new CannotGetJdbcConnectionException("down", new SQLException())))
            .isTrue();
        assertThat(KafkaErrorPolicy.isOutage(new DataAccessResourceFailureException("down"))).isTrue();
        assertThat(KafkaErrorPolicy.isOutage(new CannotAcquireLockException("lock timeout"))).isTrue();
        assertThat(KafkaErrorPolicy.isOutage(new NotEnoughReplicasException("replicas"))).isTrue();
        assertThat(KafkaErrorPolicy.isOutage(new BrokerUnavailableException("no ack", new TimeoutException())))
            .isTrue();
    }

    @Test
    void aClosedOrRefusedConnectionIsAnOutageWhateverWrapsIt() {
        assertThat(
                KafkaErrorPolicy.isOutage(new IllegalStateException(new SQLException("Connection is closed", "08003"))))
            .isTrue();
        assertThat(KafkaErrorPolicy.isOutage(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(KafkaErrorPolicy.isOutage(new CannotCreateTransactionException("no connection"))).isTrue();
        // what a pool's closed connection says when the rollback after a failure meets it
        assertThat(KafkaErrorPolicy
            .isOutage(new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"))))
            .isTrue();
        assertThat(KafkaErrorPolicy.isOutage(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(KafkaErrorPolicy.isOutage(new SQLException("no state"))).isFalse();
    }

    @Test
    void anOutageIsFoundBehindTheListenerWrapper() {
        assertThat(KafkaErrorPolicy.isOutage(new ListenerExecutionFailedException("failed",
                new IllegalStateException(new DataAccessResourceFailureException("down")))))
            .isTrue();
    }

    @Test
    void aRecordsOwnFailureIsNoOutage() {
        assertThat(KafkaErrorPolicy.isOutage(new DuplicateKeyException("taken"))).isFalse();
        assertThat(KafkaErrorPolicy.isOutage(new IllegalArgumentException("bug"))).isFalse();
        assertThat(KafkaErrorPolicy.isOutage(new RecordTooLargeException("too large"))).isFalse();
    }

    @Test
    void deadLettersGoToTheTopicWithTheSuffix() {
        assertThat(KafkaErrorPolicy.deadLetterTopic("chat.turn-requested.v1")).isEqualTo("chat.turn-requested.v1.dlt");
    }

}
