package dev.skein.contracts.internal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A question over one long text that is not stored (retrieval-service
 * {@code long-input:search}); absent tuning fields take the service's defaults, so nulls
 * are left out.
 *
 * @param windowTokens tokens (cl100k_base) read per window
 * @param cacheTokens tokens of best sentences carried from window to window (and
 * answered)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LongInputQuery(String question, String text, Integer windowTokens, Integer cacheTokens) {
}
