package dev.skein.generation.messaging;

import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.Topics;
import dev.skein.generation.reply.Reply;
import dev.skein.generation.reply.ReplyGenerator;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.kafka.ListenerConcurrency;
import dev.skein.platform.kafka.workers.OrderedWorkers;
import dev.skein.platform.observability.TurnMetrics;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Answers each turn whose evidence is retrieved, on the turns' {@link OrderedWorkers}
 * ({@link TurnListenerContainer}): the listener only hands the turn over, so turns of
 * different conversations wait on the LLM at the same time. Stateless: a redelivered
 * event produces a second reply, which the memory-service drops (the assistant message id
 * derives from the turn id).
 */
@Component
class EvidenceListener {

    private static final Logger log = LoggerFactory.getLogger(EvidenceListener.class);

    private final ReplyGenerator generator;

    private final ReplyPublisher publisher;

    private final TurnMetrics metrics;

    private final OrderedWorkers workers;

    EvidenceListener(ReplyGenerator generator, ReplyPublisher publisher, TurnMetrics metrics, OrderedWorkers workers) {
        this.generator = generator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.workers = workers;
    }

    @KafkaListener(topics = Topics.EVIDENCE_RETRIEVED, containerPostProcessor = TurnListenerContainer.BEAN,
            concurrency = ListenerConcurrency.ONE)
    void on(EvidenceRetrieved event, Acknowledgment acknowledgment, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic,
            @Header(KafkaHeaders.RECEIVED_PARTITION) int partition, @Header(KafkaHeaders.OFFSET) long offset)
            throws InterruptedException {
        this.workers.submit(new TopicPartition(topic, partition), offset,
                event.tenantId() + "/" + event.conversationId(), acknowledgment,
                // the worker carries on the record's correlation id and trace
                () -> answer(event, Correlation.current()));
    }

    private void answer(EvidenceRetrieved event, String correlationId) {
        long started = System.nanoTime();
        try {
            ReplyPublisher.Deltas deltas = event.stream() ? this.publisher.deltas(event, correlationId) : null;
            Reply reply = this.generator.generate(event, deltas);
            long generated = System.nanoTime();
            this.metrics.record(TurnMetrics.GENERATION, generated - started);
            if (reply.usage() != null) {
                this.metrics.tokens("context", reply.usage().contextTokens());
                this.metrics.tokens("history", reply.usage().historyTokens());
                this.metrics.tokens("prompt", reply.usage().promptTokens());
                this.metrics.tokens("completion", reply.usage().completionTokens());
            }
            this.publisher.replyGenerated(event, reply, (generated - started) / 1_000_000, correlationId, deltas);
            if (log.isDebugEnabled()) {
                log.debug("Turn {} answered by {}: generated in {} µs, published in {} µs", event.turnId(),
                        reply.generatedBy(), (generated - started) / 1_000, (System.nanoTime() - generated) / 1_000);
            }
        }
        catch (RuntimeException ex) {
            log.error("Turn {} of conversation {} failed in generation", event.turnId(), event.conversationId(), ex);
            // If this throws too, the workers leave the record unacknowledged.
            this.publisher.turnFailed(event, "the reply could not be generated", correlationId);
        }
    }

}
