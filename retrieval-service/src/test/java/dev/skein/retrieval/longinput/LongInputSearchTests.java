package dev.skein.retrieval.longinput;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LongInputSearchTests {

    @Test
    void theCacheKeepsTheBestWholeSentencesThatFit() {
        LongInputSearch.Scored a = scored(0, 100, 0.9);
        LongInputSearch.Scored b = scored(1, 250, 0.8);
        LongInputSearch.Scored c = scored(2, 150, 0.7);
        LongInputSearch.Scored d = scored(3, 50, 0.1);

        assertThat(LongInputSearch.best(List.of(d, c, b, a), 300)).containsExactly(a, c, d);
    }

    @Test
    void overlapCountsTheQuestionsContentWords() {
        assertThat(LongInputSearch.words("What is the launch code of the Orion project?"))
            .containsExactlyInAnyOrder("launch", "code", "orion", "project");
        assertThat(LongInputSearch.overlap(LongInputSearch.words("What is the launch code of the Orion project?"),
                "The Orion launch was delayed."))
            .isEqualTo(0.5);
    }

    private static LongInputSearch.Scored scored(int start, int tokens, double score) {
        return new LongInputSearch.Scored(new Sentences.Span(start, start + 1, "s" + start), tokens, score);
    }

}
