package dev.skein.retrieval.recall;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.TurnRequested;
import dev.skein.platform.kafka.EventPublisher;
import dev.skein.platform.kafka.workers.OrderedWorkers;
import dev.skein.platform.observability.TurnMetrics;
import dev.skein.retrieval.search.QueryEmbeddings;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The retrieval step of a chat turn: recall evidence for the memory controller's request
 * and hand everything the prompt needs to the generation-service. A turn that cannot be
 * served fails fast with a {@link TurnFailed}, so the client is answered instead of
 * waiting for its timeout.
 *
 * <p>
 * The same consumers read the turns as the gateway requests them, to embed each question
 * while the memory-service appends it and plans its recall ({@link QueryEmbeddings}). One
 * listener for both topics on purpose: with the range assignor, a consumer of the group
 * gets the same partition numbers of both, and both topics are keyed by conversation, so
 * a turn's recall usually comes to the instance that embedded its question. Where it does
 * not (a rebalance in between, the KIP-848 protocol's own assignor), the recall embeds it
 * again.
 *
 * <p>
 * The recalls run on the recalls' {@link OrderedWorkers}
 * ({@link RecallListenerContainer}): one waiting for its conversation's index does not
 * hold the others.
 */
@Component
@KafkaListener(topics = { Topics.RECALL_REQUESTED, Topics.TURN_REQUESTED },
        containerPostProcessor = RecallListenerContainer.BEAN)
class RecallRequestedListener {

    static final String STAGE = "retrieval";

    /** A turn requested longer ago than this has had its recall. */
    static final Duration PREFETCH_AGE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(RecallRequestedListener.class);

    private final EvidenceRecall recall;

    private final QueryEmbeddings queryEmbeddings;

    private final EventPublisher publisher;

    private final TurnMetrics metrics;

    private final DistributionSummary hits;

    private final OrderedWorkers workers;

    RecallRequestedListener(EvidenceRecall recall, QueryEmbeddings queryEmbeddings, EventPublisher publisher,
            TurnMetrics metrics, MeterRegistry meters, OrderedWorkers workers) {
        this.recall = recall;
        this.workers = workers;
        this.queryEmbeddings = queryEmbeddings;
        this.publisher = publisher;
        this.metrics = metrics;
        this.hits = DistributionSummary.builder("skein.recall.hits")
            .description("Memories recalled as evidence for one turn that asked for recall")
            .serviceLevelObjectives(1, 2, 3, 4, 6, 8, 10, 20, 50)
            .register(meters);
    }

    /**
     * A turn just requested: its question is embedded ahead, unless the turn is old (a
     * consumer catching up). The embedding runs on a thread of its own, so the record is
     * done here.
     */
    @KafkaHandler
    void on(TurnRequested turn, Acknowledgment acknowledgment) {
        MessageInput message = turn.message();
        if (message != null && turn.occurredAt() != null
                && !turn.occurredAt().isBefore(Instant.now().minus(PREFETCH_AGE))) {
            this.queryEmbeddings.prefetch(turn.tenantId(), turn.conversationId(), message.content());
        }
        acknowledgment.acknowledge();
    }

    @KafkaHandler
    void on(RecallRequested request, Acknowledgment acknowledgment, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic,
            @Header(KafkaHeaders.RECEIVED_PARTITION) int partition, @Header(KafkaHeaders.OFFSET) long offset)
            throws InterruptedException {
        this.queryEmbeddings.recalled(request.tenantId(), request.conversationId(), request.recall());
        this.workers.submit(new TopicPartition(topic, partition), offset,
                request.tenantId() + "/" + request.conversationId(), acknowledgment, () -> recall(request));
    }

    private void recall(RecallRequested request) {
        List<Evidence> evidence;
        try {
            evidence = this.metrics.time(TurnMetrics.RETRIEVAL_RECALL, () -> this.recall.recall(request));
        }
        catch (RuntimeException ex) {
            log.error("Recall for turn {} failed", request.turnId(), ex);
            this.publisher.publish(new TurnFailed(UUID.randomUUID(), Instant.now(), request.tenantId(),
                    request.conversationId(), request.turnId(), STAGE, "Memory retrieval failed"));
            return;
        }
        if (request.recall()) {
            this.hits.record(evidence.size());
        }
        // Returns after the broker's ack: the offset is committed only once the event is
        // safe.
        this.publisher.publish(
                new EvidenceRetrieved(UUID.randomUUID(), Instant.now(), request.tenantId(), request.conversationId(),
                        request.turnId(), request.userTurn(), request.flash() == null ? List.of() : request.flash(),
                        evidence, request.historyTokens(), request.stream(), request.sampling()));
        log.debug("Recalled {} memories for turn {}", evidence.size(), request.turnId());
    }

}
