package dev.skein.generation.messaging;

import java.time.Instant;
import java.util.UUID;

import dev.skein.contracts.SummaryGenerated;
import dev.skein.contracts.SummaryRequested;
import dev.skein.contracts.Topics;
import dev.skein.generation.summary.Summarizer;
import dev.skein.platform.kafka.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Answers each {@link SummaryRequested} with a {@link SummaryGenerated}. Stateless like
 * the turn path: a redelivered request gets a second summary of the same id, which the
 * memory-service stores once.
 */
@Component
class SummaryListener {

    private static final Logger log = LoggerFactory.getLogger(SummaryListener.class);

    private final Summarizer summarizer;

    private final EventPublisher publisher;

    SummaryListener(Summarizer summarizer, EventPublisher publisher) {
        this.summarizer = summarizer;
        this.publisher = publisher;
    }

    @KafkaListener(topics = Topics.SUMMARY_REQUESTED)
    void on(SummaryRequested request) {
        Summarizer.Summary summary = this.summarizer.summarize(request);
        // the error policy redelivers the request if the broker does not take the summary
        this.publisher.publish(
                new SummaryGenerated(UUID.randomUUID(), Instant.now(), request.tenantId(), request.conversationId(),
                        request.conversationUid(), request.summaryId(), summary.content(), summary.generatedBy()));
        log.debug("Summary {} ({} level) by {}", request.summaryId(), request.level(), summary.generatedBy());
    }

}
