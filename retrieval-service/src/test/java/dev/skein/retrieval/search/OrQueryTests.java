package dev.skein.retrieval.search;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrQueryTests {

    @Test
    void joinsWordsWithOr() {
        assertThat(OrQuery.of("Does Caroline have a dog?")).hasValue("does | caroline | have | a | dog");
    }

    @Test
    void tsqueryOperatorsAndQuotesCannotSurvive() {
        assertThat(OrQuery.of("it's \"Caroline's\" dog & cat | !bird (parrot) <-> fish:* \\ back'slash"))
            .hasValue("it | s | caroline | dog | cat | bird | parrot | fish | back | slash");
    }

    @Test
    void repeatedWordsOnce() {
        assertThat(OrQuery.of("dog DOG Dog, dogs")).hasValue("dog | dogs");
    }

    @Test
    void keepsLettersOfEveryScriptAndDigits() {
        assertThat(OrQuery.of("Zoë went to Zürich in 2023, 東京 too"))
            .hasValue("zoë | went | to | zürich | in | 2023 | 東京 | too");
    }

    @Test
    void nothingWhenThereIsNoWord() {
        assertThat(OrQuery.of("?! & | () '' \"\" :*")).isEmpty();
        assertThat(OrQuery.of("   ")).isEmpty();
        assertThat(OrQuery.of("")).isEmpty();
        assertThat(OrQuery.of(null)).isEmpty();
    }

    @Test
    void boundsTermsAndTheirLength() {
        String many = IntStream.range(0, 200).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        assertThat(OrQuery.of(many).orElseThrow().split(" \\| ")).hasSize(OrQuery.MAX_TERMS);
        assertThat(OrQuery.of("x".repeat(OrQuery.MAX_TERM_LENGTH + 1) + " dog")).hasValue("dog");
    }

}
