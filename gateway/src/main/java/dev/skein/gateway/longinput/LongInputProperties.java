package dev.skein.gateway.longinput;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The bounds of {@code POST /v1/long-input:search} ({@code skein.gateway.long-input}).
 *
 * @param maxChars the longest text: what one search reads inside its CPU budget
 * (docs/decisions.md); longer is a 413
 * @param concurrencyPerTenant searches one tenant may run at once through this gateway
 * instance; more are a 429
 * @param deadline how long a search may take; after it the retrieval-service stops it and
 * the answer is a 503 {@code deadline-exceeded}
 */
@Validated
@ConfigurationProperties("skein.gateway.long-input")
public record LongInputProperties(@Min(1) int maxChars, @Min(1) int concurrencyPerTenant, @NotNull Duration deadline) {
}
