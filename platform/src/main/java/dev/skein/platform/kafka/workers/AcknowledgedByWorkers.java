package dev.skein.platform.kafka.workers;

import java.util.Collection;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;

/**
 * The platform's error handler for a container whose records run on
 * {@link OrderedWorkers}, except that a record it parked (a record that could not even be
 * read) is not committed by the container: committing it would commit every record before
 * it too, records still running on a worker among them. The workers stay the only ones
 * that commit; the parked record is committed with the next record finished after it (or
 * parked again after a restart).
 */
final class AcknowledgedByWorkers implements CommonErrorHandler {

    private final CommonErrorHandler delegate;

    AcknowledgedByWorkers(CommonErrorHandler delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean isAckAfterHandle() {
        return false;
    }

    @Override
    public void setAckAfterHandle(boolean ack) {
        // the workers acknowledge; see the class comment
    }

    @Override
    public boolean seeksAfterHandling() {
        return this.delegate.seeksAfterHandling();
    }

    @Override
    public boolean deliveryAttemptHeader() {
        return this.delegate.deliveryAttemptHeader();
    }

    @Override
    public void handleOtherException(Exception thrownException, Consumer<?, ?> consumer,
            MessageListenerContainer container, boolean batchListener) {
        this.delegate.handleOtherException(thrownException, consumer, container, batchListener);
    }

    @Override
    public boolean handleOne(Exception thrownException, ConsumerRecord<?, ?> record, Consumer<?, ?> consumer,
            MessageListenerContainer container) {
        return this.delegate.handleOne(thrownException, record, consumer, container);
    }

    @Override
    public void handleRemaining(Exception thrownException, List<ConsumerRecord<?, ?>> records, Consumer<?, ?> consumer,
            MessageListenerContainer container) {
        this.delegate.handleRemaining(thrownException, records, consumer, container);
    }

    @Override
    public void handleBatch(Exception thrownException, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
            MessageListenerContainer container, Runnable invokeListener) {
        this.delegate.handleBatch(thrownException, data, consumer, container, invokeListener);
    }

    @Override
    public <K, V> ConsumerRecords<K, V> handleBatchAndReturnRemaining(Exception thrownException,
            ConsumerRecords<?, ?> data, Consumer<?, ?> consumer, MessageListenerContainer container,
            Runnable invokeListener) {
        return this.delegate.handleBatchAndReturnRemaining(thrownException, data, consumer, container, invokeListener);
    }

    @Override
    public int deliveryAttempt(TopicPartitionOffset topicPartitionOffset) {
        return this.delegate.deliveryAttempt(topicPartitionOffset);
    }

    @Override
    public void clearThreadState() {
        this.delegate.clearThreadState();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
            Runnable publishPause) {
        this.delegate.onPartitionsAssigned(consumer, partitions, publishPause);
    }

}
