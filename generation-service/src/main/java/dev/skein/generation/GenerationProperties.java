package dev.skein.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the generation-service ({@code skein.generation}).
 *
 * @param promptBudgetTokens the most tokens (cl100k_base) of one prompt; evidence and
 * then the oldest flash turns are dropped to stay inside it
 * @param systemPrompt the instruction that opens every prompt
 * @param reasoning how an LLM answers a turn with evidence
 * @param promptHistorySize how many turns' prompts are kept per conversation for
 * {@code GET /internal/turns/{id}/prompt} (the oldest go first; 0 keeps none)
 * @param promptRetention how long a turn's prompt is kept at most
 */
@Validated
@ConfigurationProperties("skein.generation")
public record GenerationProperties(@Valid @NotNull Llm llm, @Min(256) int promptBudgetTokens,
        @NotBlank String systemPrompt, @NotNull Reasoning reasoning, @Min(0) int promptHistorySize,
        @NotNull Duration promptRetention) {

    /** {@code SKEIN_REASONING}. */
    public enum Reasoning {

        /**
         * ALR²: select and quote the relevant evidence first, verify the quotes, answer
         * from what holds.
         */
        RETRIEVE_THEN_REASON,
        /** One call with all the evidence. */
        DIRECT

    }

    /**
     * The OpenAI-compatible endpoints, tried in order: {@code baseUrl} first, then each
     * of {@code fallbackBaseUrls}. A blank {@code baseUrl} means no LLM: the extractive
     * responder answers every turn.
     *
     * @param supportsLogprobs ask the first provider for logprobs
     * @param fallbackBaseUrls comma-separated; the next three lists align with it by
     * position, an empty or missing entry meaning the default (the primary model, no key,
     * logprobs asked)
     * @param deadline how long one turn may spend on LLM calls, retries and fallbacks
     * included; after it the extractive responder answers
     */
    public record Llm(String baseUrl, String apiKey, @NotBlank String model, @NotNull Duration timeout,
            boolean supportsLogprobs, String fallbackBaseUrls, String fallbackModels, String fallbackApiKeys,
            String fallbackLogprobs, @NotNull Duration deadline, @Valid @NotNull Resilience resilience) {

        public boolean configured() {
            return this.baseUrl != null && !this.baseUrl.isBlank();
        }

        /** Without the keys: the settings end up in logs and failure reports. */
        @Override
        public String toString() {
            return "Llm[baseUrl=" + this.baseUrl + ", apiKey=" + redacted(this.apiKey) + ", model=" + this.model
                    + ", timeout=" + this.timeout + ", supportsLogprobs=" + this.supportsLogprobs
                    + ", fallbackBaseUrls=" + this.fallbackBaseUrls + ", fallbackModels=" + this.fallbackModels
                    + ", fallbackApiKeys=" + redacted(this.fallbackApiKeys) + ", fallbackLogprobs="
                    + this.fallbackLogprobs + ", deadline=" + this.deadline + ", resilience=" + this.resilience + "]";
        }

        /** Every configured provider, in the order they are tried. */
        public List<Provider> providers() {
            List<Provider> providers = new ArrayList<>();
            if (!configured()) {
                return providers;
            }
            providers.add(new Provider(this.baseUrl.strip(), this.apiKey, this.model, this.supportsLogprobs));
            List<String> urls = split(this.fallbackBaseUrls);
            List<String> models = split(this.fallbackModels);
            List<String> keys = split(this.fallbackApiKeys);
            List<String> logprobs = split(this.fallbackLogprobs);
            for (int i = 0; i < urls.size(); i++) {
                if (urls.get(i).isEmpty()) {
                    continue;
                }
                String model = at(models, i);
                String flag = at(logprobs, i);
                providers.add(new Provider(urls.get(i), at(keys, i), model.isEmpty() ? this.model : model,
                        flag.isEmpty() || Boolean.parseBoolean(flag)));
            }
            return providers;
        }

        private static List<String> split(String list) {
            List<String> items = new ArrayList<>();
            if (list == null || list.isBlank()) {
                return items;
            }
            for (String item : list.split(",", -1)) {
                items.add(item.strip());
            }
            return items;
        }

        private static String at(List<String> items, int index) {
            return index < items.size() ? items.get(index) : "";
        }
    }

    /** One OpenAI-compatible endpoint. */
    public record Provider(String baseUrl, String apiKey, String model, boolean supportsLogprobs) {

        /** Without the key: a provider is named in logs and failure reports. */
        @Override
        public String toString() {
            return "Provider[baseUrl=" + this.baseUrl + ", apiKey=" + redacted(this.apiKey) + ", model=" + this.model
                    + ", supportsLogprobs=" + this.supportsLogprobs + "]";
        }

    }

    /** "(set)" or "(none)": whether a key is configured, never the key. */
    static String redacted(String secret) {
        return secret == null || secret.isBlank() ? "(none)" : "(set)";
    }

    /**
     * Applied to each provider separately.
     *
     * @param retryAttempts calls per provider and request, the first one included
     * @param retryBackoff wait before the first retry, doubled before each next one
     * @param breakerWindow calls the circuit breaker judges the failure rate over
     * @param breakerMinimumCalls calls before it judges at all
     * @param breakerFailureRate percentage of failed calls that opens it
     * @param breakerOpenFor how long an open breaker skips its provider before letting
     * one call try
     * @param maxConcurrent calls in flight to one provider; more skip to the next
     * provider
     */
    public record Resilience(@Min(1) int retryAttempts, @NotNull Duration retryBackoff, @Min(1) int breakerWindow,
            @Min(1) int breakerMinimumCalls, @DecimalMin("1") @DecimalMax("100") float breakerFailureRate,
            @NotNull Duration breakerOpenFor, @Min(1) int maxConcurrent) {
    }
}
