package dev.skein.platform.kafka;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import dev.skein.platform.correlation.Correlation;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one retry and dead-letter policy of every listener of every service:
 * <ul>
 * <li>a record that cannot be read is parked on {@code <topic>.dlt} at once: it stays
 * unreadable;
 * <li>while the database or the broker is unreachable, the record is retried with backoff
 * for up to {@code outage-max-elapsed}: an outage delays work and loses none of it;
 * <li>any other failure is the record's own: {@code attempts} deliveries, then the
 * service's {@link FailedRecordReporter}s answer whoever waits, and the record is parked
 * on {@code <topic>.dlt}.
 * </ul>
 * Parked records keep their bytes and headers (correlation id, the failure), for
 * inspection and replay; one bad record never holds up its partition for longer than its
 * retries.
 */
public final class KafkaErrorPolicy {

    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private static final Logger log = LoggerFactory.getLogger(KafkaErrorPolicy.class);

    /**
     * SQLSTATE classes of an unreachable or unwell database: 08 connection exception, 53
     * insufficient resources, 57 operator intervention (shutdown, "cannot connect now"),
     * 58 system error. A connection the pool closed after one of them fails with 08003 on
     * its next use.
     */
    private static final Set<String> OUTAGE_SQL_STATE_CLASSES = Set.of("08", "53", "57", "58");

    private KafkaErrorPolicy() {
    }

    public static String deadLetterTopic(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    static DefaultErrorHandler errorHandler(KafkaSettings.Retry retry,
            KafkaOperations<String, Object> deadLetterTemplate, List<FailedRecordReporter> reporters) {
        // a negative partition lets the producer choose: the dlt may have fewer
        // partitions
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, ex) -> new TopicPartition(deadLetterTopic(record.topic()), -1));
        DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
            giveUp(record, ex, reporters);
            deadLetters.accept(record, ex);
        }, outageBackOff(retry));
        // The default is the outage back-off: it is also what a batch listener's whole
        // failed poll
        // gets (Spring Kafka retries such a batch as one), so an index write waits out an
        // outage.
        BackOff ownFailure = ownFailureBackOff(retry);
        handler.setBackOffFunction((record, ex) -> isOutage(ex) ? null : ownFailure);
        handler.addNotRetryableExceptions(JacksonException.class, EventBatch.UnreadableRecordException.class);
        return handler;
    }

    private static void giveUp(ConsumerRecord<?, ?> record, Exception failure, List<FailedRecordReporter> reporters) {
        try (Correlation.Scope ignored = Correlation.open(Correlation.of(record.headers()))) {
            // the failure, never the record's content: it is a user's message
            log.error("Parking {}-{}@{} on {} after: {}", record.topic(), record.partition(), record.offset(),
                    deadLetterTopic(record.topic()), rootCause(failure).toString());
            for (FailedRecordReporter reporter : reporters) {
                try {
                    reporter.report(record, failure);
                }
                catch (RuntimeException ex) {
                    log.error("Could not report the failure of {}-{}@{}", record.topic(), record.partition(),
                            record.offset(), ex);
                }
            }
        }
    }

    /**
     * Whether {@code failure} says the database or the broker is unreachable, not that
     * the record is bad.
     */
    static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof CannotCreateTransactionException
                    // a commit or rollback that failed: the connection broke under the
                    // transaction
                    || cause instanceof TransactionSystemException || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException || cause instanceof RetriableException
                    || cause instanceof TimeoutException || cause instanceof BrokerUnavailableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && OUTAGE_SQL_STATE_CLASSES
                .contains(sql.getSQLState().substring(0, Math.min(2, sql.getSQLState().length())))) {
                return true;
            }
        }
        return false;
    }

    private static BackOff ownFailureBackOff(KafkaSettings.Retry retry) {
        ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setMaxAttempts(retry.attempts() - 1);
        return backOff;
    }

    private static BackOff outageBackOff(KafkaSettings.Retry retry) {
        ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setMaxElapsedTime(retry.outageMaxElapsed().toMillis());
        return backOff;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

}
