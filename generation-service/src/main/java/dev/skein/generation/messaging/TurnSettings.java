package dev.skein.generation.messaging;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the generation-service takes its turns ({@code skein.generation.turns}).
 *
 * @param concurrency turns one instance answers at the same time
 * ({@code SKEIN_GENERATION_CONCURRENT_TURNS}), whatever its partitions: each waits on an
 * LLM for seconds. At most the LLM bulkhead ({@code SKEIN_LLM_MAX_CONCURRENT}), which
 * summaries and long-form writing share; the default leaves them 4 of its 16 calls.
 */
@Validated
@ConfigurationProperties("skein.generation.turns")
record TurnSettings(@DefaultValue("12") @Min(1) int concurrency) {
}
