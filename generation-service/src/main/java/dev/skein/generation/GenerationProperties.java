package dev.skein.generation;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the generation-service ({@code skein.generation}).
 *
 * @param promptBudgetTokens the most tokens (cl100k_base) of one prompt; evidence and then the oldest
 *        flash turns are dropped to stay inside it
 * @param systemPrompt the instruction that opens every prompt
 * @param topicPartitions partitions of the topics this service creates
 */
@Validated
@ConfigurationProperties("skein.generation")
public record GenerationProperties(@Valid @NotNull Llm llm, @Min(256) int promptBudgetTokens,
        @NotBlank String systemPrompt, @Min(1) int topicPartitions) {

    /**
     * The OpenAI-compatible endpoint; a blank {@code baseUrl} means no LLM: the extractive responder
     * answers every turn.
     */
    public record Llm(String baseUrl, String apiKey, @NotBlank String model, @NotNull Duration timeout) {

        public boolean configured() {
            return this.baseUrl != null && !this.baseUrl.isBlank();
        }
    }
}
