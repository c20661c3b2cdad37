package dev.skein.generation.writing.sections;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WordCountTests {

    @Test
    void countsRunsOfTextThatHoldALetterOrDigit() {
        assertThat(WordCount.of("A 10,000-word report — on memory, in 3 parts.")).isEqualTo(8);
    }

    @Test
    void ignoresMarkersAndWhitespaceOfEveryKind() {
        assertThat(WordCount.of("  **Bold** claim\n\n- item one\t* item\u00a0two  ")).isEqualTo(6);
    }

    @Test
    void emptyAndNullHaveNoWords() {
        assertThat(WordCount.of("")).isZero();
        assertThat(WordCount.of(" \n — ")).isZero();
        assertThat(WordCount.of(null)).isZero();
    }

}
