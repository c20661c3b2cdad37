package dev.skein.retrieval.indexing;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.skein.retrieval.indexing.StatedValues.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class StatedValuesTests {

    @Test
    void aPlaceNamedInsideASentenceIsAName() {
        assertThat(StatedValues.of("I moved to Lisbon last spring.")).containsEntry(Kind.NAME, Set.of("lisbon"));
    }

    @Test
    void theFirstWordOfASentenceAndThePronounAreNotNames() {
        assertThat(StatedValues.of("Great news. I finally did it!")).isEmpty();
    }

    @Test
    void yearsMonthsAndWeekdaysAreDatesOtherNumbersAreNumbers() {
        assertThat(StatedValues.of("We met in May 2019 and have two kids with Tom and 3 cats."))
            .containsEntry(Kind.DATE, Set.of("may", "2019"))
            .containsEntry(Kind.NUMBER, Set.of("2", "3"))
            .containsEntry(Kind.NAME, Set.of("tom"));
    }

    @Test
    void anotherPlaceIsAChangedValue() {
        assertThat(StatedValues.changed("I live in Berlin.", "I moved to Lisbon.")).isTrue();
    }

    @Test
    void anotherNumberIsAChangedValue() {
        assertThat(StatedValues.changed("My locker code is 4411.", "Update: my locker code is 9027 now.")).isTrue();
    }

    @Test
    void theSameValueAgainOrAnAddedOneIsNoChange() {
        assertThat(StatedValues.changed("I live in Berlin.", "I really love living in Berlin.")).isFalse();
        assertThat(StatedValues.changed("I visited Rome.", "I visited Rome and Paris.")).isFalse();
    }

    @Test
    void valuesOfDifferentKindsAreNoChange() {
        assertThat(StatedValues.changed("I live in Berlin.", "I have lived here for 3 years.")).isFalse();
        assertThat(StatedValues.changed("I went hiking.", "I went hiking with Tom.")).isFalse();
    }

}
