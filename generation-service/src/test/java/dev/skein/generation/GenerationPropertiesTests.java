package dev.skein.generation;

import java.time.Duration;

import dev.skein.generation.GenerationProperties.Provider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GenerationPropertiesTests {

    @Test
    void listsTheProvidersInOrderWithTheFallbackListsAlignedByPosition() {
        GenerationProperties.Llm llm = llm("http://a/v1", "http://b/v1, http://c/v1,,http://e/v1", "mb,,x,me", "kb,kc",
                ",false");

        assertThat(llm.providers()).containsExactly(new Provider("http://a/v1", "ka", "ma", true),
                new Provider("http://b/v1", "kb", "mb", true), new Provider("http://c/v1", "kc", "ma", false),
                new Provider("http://e/v1", "", "me", true));
    }

    @Test
    void noBaseUrlNoProviders() {
        assertThat(llm(" ", "http://b/v1", "", "", "").providers()).isEmpty();
        assertThat(llm("http://a/v1", "", "", "", "").providers()).hasSize(1);
    }

    @Test
    void theKeysNeverShowInTheTextOfTheSettings() {
        GenerationProperties.Llm llm = new GenerationProperties.Llm("http://a/v1", "sk-primary-secret", "ma",
                Duration.ofSeconds(30), true, "http://b/v1", "", "sk-fallback-secret", "", Duration.ofSeconds(45),
                new GenerationProperties.Resilience(3, Duration.ofMillis(250), 20, 5, 50, Duration.ofSeconds(30), 16));
        GenerationProperties properties = new GenerationProperties(llm, 3500, "system", null, 10, Duration.ofHours(24));

        assertThat(properties.toString()).doesNotContain("sk-primary-secret", "sk-fallback-secret")
            .contains("apiKey=(set)", "fallbackApiKeys=(set)", "http://a/v1");
        assertThat(llm.providers())
            .allSatisfy(provider -> assertThat(provider.toString()).doesNotContain("secret").contains("apiKey=(set)"));
        assertThat(new Provider("http://c/v1", null, "m", true).toString()).contains("apiKey=(none)");
    }

    private static GenerationProperties.Llm llm(String base, String urls, String models, String keys, String logprobs) {
        return new GenerationProperties.Llm(base, "ka", "ma", Duration.ofSeconds(30), true, urls, models, keys,
                logprobs, Duration.ofSeconds(45),
                new GenerationProperties.Resilience(3, Duration.ofMillis(250), 20, 5, 50, Duration.ofSeconds(30), 16));
    }

}
