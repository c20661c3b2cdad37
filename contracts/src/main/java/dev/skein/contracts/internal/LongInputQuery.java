package dev.skein.contracts.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A question over one long text that is not stored (retrieval-service
 * {@code long-input:search}); absent tuning fields take the service's defaults, so nulls
 * are left out.
 *
 * @param windowTokens tokens (cl100k_base) read per window
 * @param cacheTokens tokens of best sentences carried from window to window (and
 * answered)
 * @param timeoutMillis how long the caller waits for the answer: the search stops when it
 * has passed (the service's own deadline applies when it is shorter or absent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LongInputQuery(String question, String text, @Nullable Integer windowTokens,
        @Nullable Integer cacheTokens, @Nullable Long timeoutMillis) {
}
