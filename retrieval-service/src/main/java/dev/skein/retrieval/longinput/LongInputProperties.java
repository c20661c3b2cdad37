package dev.skein.retrieval.longinput;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The bounds of long-input searches on one retrieval-service instance.
 *
 * @param maxChars the longest text: what one search can read inside its CPU budget
 * (docs/decisions.md, "Long input is bounded by a CPU budget")
 * @param concurrency searches running at once; more are refused (429) rather than queued,
 * so a burst cannot take every core from indexing and recall
 * @param deadline the longest a search runs when its caller names no shorter timeout
 */
@Validated
@ConfigurationProperties("skein.retrieval.long-input")
record LongInputProperties(@Min(1) int maxChars, @Min(1) int concurrency, @NotNull Duration deadline) {
}
