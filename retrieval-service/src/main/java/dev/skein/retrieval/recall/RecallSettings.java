package dev.skein.retrieval.recall;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the retrieval-service takes its turns' recalls ({@code skein.retrieval.recall}).
 *
 * @param concurrency recalls one instance runs at the same time
 * ({@code SKEIN_RECALL_CONCURRENCY}), whatever its partitions. A recall is milliseconds
 * of CPU, but it may first wait up to {@code SKEIN_RECALL_INDEX_WAIT} for its
 * conversation's older memories to be indexed (behind an import on the same partition);
 * meanwhile the other workers serve the other conversations.
 */
@Validated
@ConfigurationProperties("skein.retrieval.recall")
record RecallSettings(@DefaultValue("8") @Min(1) int concurrency) {
}
