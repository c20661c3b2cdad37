package dev.skein.contracts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What a client asked of the LLM's sampling for one turn (the OpenAI-compatible API's
 * {@code max_tokens} or {@code max_completion_tokens}, {@code temperature}, {@code stop},
 * {@code user}), carried from the gateway to the generation-service's LLM call. Absent
 * fields are left to the provider; the extractive responder ignores them all.
 *
 * @param stop up to 4 sequences where the LLM stops
 * @param user the end user, passed to the provider for its abuse monitoring
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Sampling(@Nullable Integer maxTokens, @Nullable Double temperature, @Nullable List<String> stop,
        @Nullable String user) {

    /** Whether nothing was asked. */
    public boolean isEmpty() {
        return this.maxTokens == null && this.temperature == null && (this.stop == null || this.stop.isEmpty())
                && this.user == null;
    }
}
