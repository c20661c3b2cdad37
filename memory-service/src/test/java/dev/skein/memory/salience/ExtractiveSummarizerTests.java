package dev.skein.memory.salience;

import java.util.List;
import java.util.Map;

import dev.skein.platform.tokens.TokenCounter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractiveSummarizerTests {

    private final TokenCounter tokens = new TokenCounter();

    private final UnigramModel model = new UnigramModel(Map.of("weather", 500L, "nice", 400L, "today", 90L), 1000, 3);

    private final List<ExtractiveSummarizer.Source> sources = List.of(
            new ExtractiveSummarizer.Source(0, "Ann", "Nice weather today. My sister Mel moved to Lisbon."),
            new ExtractiveSummarizer.Source(1, "Bot", "Nice weather indeed."),
            new ExtractiveSummarizer.Source(2, "Ann", "She teaches violin at the conservatory. Nice weather!"));

    @Test
    void keepsTheMostSalientWholeSentencesInOriginalOrder() {
        ExtractiveSummarizer.Summary summary = ExtractiveSummarizer.summarize(this.sources, this.model, 25,
                this.tokens);
        assertThat(summary.text())
            .isEqualTo("Ann: My sister Mel moved to Lisbon.\nAnn: She teaches violin at the conservatory.");
        assertThat(summary.sources()).containsExactly(0, 2);
        assertThat(summary.tokens()).isEqualTo(this.tokens.count(summary.text())).isLessThanOrEqualTo(25);
    }

    @Test
    void respectsTheTokenBudgetAndNeverCutsASentence() {
        for (int budget = 1; budget <= 60; budget++) {
            ExtractiveSummarizer.Summary summary = ExtractiveSummarizer.summarize(this.sources, this.model, budget,
                    this.tokens);
            assertThat(summary.tokens()).isLessThanOrEqualTo(budget);
            for (String line : summary.text().isEmpty() ? new String[0] : summary.text().split("\n")) {
                assertThat(List.of("Ann: Nice weather today.", "Ann: My sister Mel moved to Lisbon.",
                        "Bot: Nice weather indeed.", "Ann: She teaches violin at the conservatory.",
                        "Ann: Nice weather!"))
                    .contains(line);
            }
        }
        assertThat(ExtractiveSummarizer.summarize(this.sources, this.model, 3, this.tokens).text()).isEmpty();
    }

    @Test
    void everythingFitsUnderALargeBudget() {
        ExtractiveSummarizer.Summary summary = ExtractiveSummarizer.summarize(this.sources, this.model, 1000,
                this.tokens);
        assertThat(summary.text().split("\n")).hasSize(5);
        assertThat(summary.sources()).containsExactly(0, 1, 2);
    }

}
