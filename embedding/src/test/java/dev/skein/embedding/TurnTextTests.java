package dev.skein.embedding;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnTextTests {

    @Test
    void spokenNamesTheSpeakerWhenKnown() {
        assertThat(TurnText.spoken(" Caroline ", "Hi!")).isEqualTo("Caroline: Hi!");
        assertThat(TurnText.spoken(null, "Hi!")).isEqualTo("Hi!");
        assertThat(TurnText.spoken(" ", "Hi!")).isEqualTo("Hi!");
    }

    @Test
    void contextKeepsTheSpeakerAndTheLastWords() {
        assertThat(TurnText.context("Melanie", "I'm swamped with the kids.  What's up with\nyou? Anything new?", 6))
            .isEqualTo("Melanie: What's up with\nyou? Anything new?");
    }

    @Test
    void aShortTurnIsKeptWhole() {
        assertThat(TurnText.lastWords("  one two three ", 3)).isEqualTo("one two three");
        assertThat(TurnText.lastWords("one two three", 8)).isEqualTo("one two three");
        assertThat(TurnText.lastWords("one", 1)).isEqualTo("one");
        assertThat(TurnText.lastWords("one two three", 1)).isEqualTo("three");
    }

}
