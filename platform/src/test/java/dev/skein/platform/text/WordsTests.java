package dev.skein.platform.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WordsTests {

    @Test
    void contentWordsDropStopWordsAndMeetAcrossForms() {
        assertThat(Words.contentWords("Where does my sister live?")).containsExactly("sister", "liv");
        assertThat(Words.contentWords("My sister Ana lives in Porto and loves sailing.")).containsExactly("sister",
                "ana", "liv", "porto", "lov", "sail");
        assertThat(Words.contentWords("Ana's brothers studied")).containsExactly("ana", "brother", "studi");
        assertThat(Words.contentWords(null)).isEmpty();
    }

    @Test
    void stemmingLeavesShortWordsAlone() {
        assertThat(Words.stem("bus")).isEqualTo("bus");
        assertThat(Words.stem("glass")).isEqualTo("glass");
        assertThat(Words.stem("cities")).isEqualTo("city");
        assertThat(Words.stem("red")).isEqualTo("red");
        assertThat(Words.stem("sing")).isEqualTo("sing");
    }

}
