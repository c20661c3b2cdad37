package dev.skein.retrieval;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the retrieval-service.
 *
 * @param searchWait longest wait of a search for the index to reach its watermark
 * @param searchPollInterval how often such a search looks at the watermark again
 * @param recallIndexWait longest wait of a turn's recall for the index to hold every memory older
 *        than its flash window (a chat right after an import); the turn goes on with what is there
 * @param kafkaPartitions partitions of the topics this service creates
 */
@Validated
@ConfigurationProperties("skein.retrieval")
public record RetrievalProperties(
        @NotNull @DefaultValue("10s") Duration searchWait,
        @NotNull @DefaultValue("20ms") Duration searchPollInterval,
        @NotNull @DefaultValue("2s") Duration recallIndexWait,
        @Min(1) @DefaultValue("3") int kafkaPartitions) {
}
