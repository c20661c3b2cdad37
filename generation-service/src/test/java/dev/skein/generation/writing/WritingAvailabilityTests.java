package dev.skein.generation.writing;

import dev.skein.generation.llm.LlmProviders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WritingAvailabilityTests {

    @Test
    void withoutAnLlmWritingIsUnavailableAndSaysWhatToSet() {
        WritingAvailability availability = new WritingAvailability((LlmProviders) null);

        assertThat(availability.available()).isFalse();
        assertThat(availability.reason()).isEqualTo("long-form writing needs an LLM provider; set SKEIN_LLM_BASE_URL");
    }

}
