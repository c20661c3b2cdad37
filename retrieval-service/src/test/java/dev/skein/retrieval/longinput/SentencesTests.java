package dev.skein.retrieval.longinput;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SentencesTests {

    @Test
    void sentencesCarryTheirExactOffsets() {
        String text = "  First sentence here. Second one?\n\nThird: with a colon! Last without a stop  ";

        List<Sentences.Span> spans = Sentences.split(text, 1000);

        assertThat(spans).extracting(Sentences.Span::text)
            .containsExactly("First sentence here.", "Second one?", "Third: with a colon!", "Last without a stop");
        assertThat(spans.get(0).start()).isEqualTo(2);
        assertThat(spans.get(0).end()).isEqualTo(22);
        for (Sentences.Span span : spans) {
            assertThat(text.substring(span.start(), span.end())).isEqualTo(span.text());
        }
    }

    @Test
    void aVeryLongSentenceIsCutIntoPieces() {
        String text = "a".repeat(250);

        List<Sentences.Span> spans = Sentences.split(text, 100);

        assertThat(spans).extracting(Sentences.Span::start).containsExactly(0, 100, 200);
        assertThat(spans).extracting(Sentences.Span::end).containsExactly(100, 200, 250);
    }

}
