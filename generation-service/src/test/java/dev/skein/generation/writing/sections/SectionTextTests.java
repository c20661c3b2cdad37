package dev.skein.generation.writing.sections;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SectionTextTests {

    @Test
    void dropsAMarkdownHeadingOrTheTitleOnItsFirstLine() {
        assertThat(SectionText.clean("# Anything\n\nBody text.", "Results")).isEqualTo("Body text.");
        assertThat(SectionText.clean("**Results:**\nBody text.", "Results")).isEqualTo("Body text.");
    }

    @Test
    void keepsAFirstLineThatIsProse() {
        assertThat(SectionText.clean("Results came in late.\nMore.", "Results"))
            .isEqualTo("Results came in late.\nMore.");
        assertThat(SectionText.clean("  One line only  ", "Results")).isEqualTo("One line only");
        assertThat(SectionText.clean(null, "Results")).isEmpty();
    }

}
