package dev.skein.generation.messaging;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.SummaryGenerated;
import dev.skein.contracts.SummaryRequested;
import dev.skein.contracts.Topics;
import dev.skein.generation.summary.Summarizer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers each {@link SummaryRequested} with a {@link SummaryGenerated}. Stateless like the turn path:
 * a redelivered request gets a second summary of the same id, which the memory-service stores once.
 */
@Component
class SummaryListener {

    private static final Logger log = LoggerFactory.getLogger(SummaryListener.class);

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Summarizer summarizer;

    private final KafkaTemplate<String, String> kafka;

    SummaryListener(Summarizer summarizer, KafkaTemplate<String, String> kafka) {
        this.summarizer = summarizer;
        this.kafka = kafka;
    }

    @KafkaListener(topics = Topics.SUMMARY_REQUESTED)
    void on(ConsumerRecord<String, String> record) {
        String correlationId = KafkaEvents.correlationId(record);
        if (correlationId != null) {
            MDC.put(EvidenceListener.CORRELATION_MDC_KEY, correlationId);
        }
        try {
            SummaryRequested request;
            try {
                request = (SummaryRequested) KafkaEvents.event(record);
            }
            catch (RuntimeException ex) {
                log.error("Dropping unreadable record {}-{}@{}", record.topic(), record.partition(), record.offset(), ex);
                return;
            }
            Summarizer.Summary summary = this.summarizer.summarize(request);
            SummaryGenerated generated = new SummaryGenerated(UUID.randomUUID(), Instant.now(), request.tenantId(),
                    request.conversationId(), request.conversationUid(), request.summaryId(), summary.content(),
                    summary.generatedBy());
            try {
                this.kafka.send(KafkaEvents.record(generated, correlationId)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
            }
            catch (ExecutionException | TimeoutException ex) {
                // the container's error handler redelivers the request
                throw new IllegalStateException("Kafka did not acknowledge a summary", ex);
            }
            log.debug("Summary {} ({} level) by {}", request.summaryId(), request.level(), summary.generatedBy());
        }
        finally {
            MDC.remove(EvidenceListener.CORRELATION_MDC_KEY);
        }
    }
}
