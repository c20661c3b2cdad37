package dev.skein.tools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AnswerF1Tests {

    @Test
    void scoresTheOverlapOfWordsIgnoringCaseArticlesAndPunctuation() {
        assertThat(AnswerF1.score("The adoption agencies.", "Adoption agencies")).isEqualTo(1.0);
        // 2 of 4 predicted words, 2 of 2 gold words: P 0.5, R 1, F1 2/3
        assertThat(AnswerF1.score("she researched adoption agencies", "adoption agencies")).isCloseTo(2.0 / 3,
                within(1e-9));
        assertThat(AnswerF1.score("Berlin", "Lisbon")).isZero();
    }

    @Test
    void countsARepeatedWordOnlyAsOftenAsTheGoldAnswerHasIt() {
        // predicted "may may 2023" against "7 may 2023": 2 common of 3 and 3
        assertThat(AnswerF1.score("may may 2023", "7 May 2023")).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void emptyMatchesOnlyEmpty() {
        assertThat(AnswerF1.score("", "")).isEqualTo(1.0);
        assertThat(AnswerF1.score("the", "Porto")).isZero();
    }

}
