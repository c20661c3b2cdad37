package dev.skein.memory.recall;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPhrasesTests {

    @Test
    void longestDistinctNonStopWordsFirst() {
        assertThat(KeyPhrases.of("Where did Melanie paint the sunrise over the lake last summer? The lake!", 8))
            .containsExactly("melanie", "sunrise", "summer", "paint", "lake", "last");
    }

    @Test
    void keepsAtMostTheAskedNumber() {
        assertThat(KeyPhrases.of("alpha bravo charlie delta echo foxtrot golf hotel india juliett", 3))
            .containsExactly("charlie", "foxtrot", "juliett");
    }

    @Test
    void nothingForStopWordsOnly() {
        assertThat(KeyPhrases.of("what is it that you said?", 8)).isEmpty();
    }

}
