package dev.skein.retrieval.recall;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnFailed;
import dev.skein.platform.kafka.EventPublisher;
import dev.skein.platform.observability.TurnMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The retrieval step of a chat turn: recall evidence for the memory controller's request
 * and hand everything the prompt needs to the generation-service. A turn that cannot be
 * served fails fast with a {@link TurnFailed}, so the client is answered instead of
 * waiting for its timeout.
 */
@Component
class RecallRequestedListener {

    static final String STAGE = "retrieval";

    private static final Logger log = LoggerFactory.getLogger(RecallRequestedListener.class);

    private final EvidenceRecall recall;

    private final EventPublisher publisher;

    private final TurnMetrics metrics;

    private final DistributionSummary hits;

    RecallRequestedListener(EvidenceRecall recall, EventPublisher publisher, TurnMetrics metrics,
            MeterRegistry meters) {
        this.recall = recall;
        this.publisher = publisher;
        this.metrics = metrics;
        this.hits = DistributionSummary.builder("skein.recall.hits")
            .description("Memories recalled as evidence for one turn that asked for recall")
            .serviceLevelObjectives(1, 2, 3, 4, 6, 8, 10, 20, 50)
            .register(meters);
    }

    @KafkaListener(topics = Topics.RECALL_REQUESTED)
    void on(RecallRequested request) {
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
