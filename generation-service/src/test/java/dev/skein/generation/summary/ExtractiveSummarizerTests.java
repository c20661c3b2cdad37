package dev.skein.generation.summary;

import dev.skein.platform.tokens.TokenCounter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractiveSummarizerTests {

    private static final TokenCounter TOKENS = new TokenCounter();

    private static final String TURNS = """
            Alice: hi
            Bob: Hello! How are you?
            Alice: I adopted a cat named Miso on 2023-05-01. She sleeps all day.
            Bob: ok
            Alice: We moved to Berlin in March 2022 with Tom and Lea. It rained.
            """;

    @Test
    void keepsTheFirstSentencesOfTheMostInformativeLinesInTheirOrder() {
        String summary = ExtractiveSummarizer.summarize(TURNS, 40);

        assertThat(summary).isEqualTo("Alice: I adopted a cat named Miso on 2023-05-01.\n"
                + "Alice: We moved to Berlin in March 2022 with Tom and Lea.");
        assertThat(TOKENS.count(summary)).isLessThanOrEqualTo(40);
    }

    @Test
    void aSmallBudgetKeepsOnlyWholeSentencesThatFit() {
        String summary = ExtractiveSummarizer.summarize(TURNS, 22);

        assertThat(summary).isIn("Alice: I adopted a cat named Miso on 2023-05-01.",
                "Alice: We moved to Berlin in March 2022 with Tom and Lea.");
        assertThat(TOKENS.count(summary)).isLessThanOrEqualTo(22);
    }

    @Test
    void aBudgetTooSmallForAnySentenceCutsTheBestOneAtAWord() {
        String summary = ExtractiveSummarizer.summarize("Alice: I adopted a cat named Miso on 2023-05-01.", 6);

        assertThat(summary).endsWith("…").startsWith("Alice:");
        assertThat(TOKENS.count(summary)).isLessThanOrEqualTo(6);
        assertThat(ExtractiveSummarizer.summarize("  \n ", 50)).isEmpty();
    }

    @Test
    void trimsAnOverlongModelSummaryToWholeSentences() {
        String text = "Alice adopted Miso on 2023-05-01. Bob sold his bicycle. They met again in 2024 in Paris.";

        assertThat(ExtractiveSummarizer.wholeSentences(text, 100)).isEqualTo(text);
        assertThat(ExtractiveSummarizer.wholeSentences(text, 18))
            .isEqualTo("Alice adopted Miso on 2023-05-01. Bob sold his bicycle.");
    }

}
