package dev.skein.memory.salience;

import java.util.List;
import java.util.Map;

import dev.skein.contracts.TokenLogprob;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KeyPhraseExtractorTests {

    /**
     * 1,000 occurrences over 4 known terms: "weather" is common, "lisbon" rare, "tram"
     * unseen.
     */
    private final UnigramModel model = new UnigramModel(
            Map.of("weather", 600L, "nice", 300L, "lisbon", 1L, "golden", 99L), 1000, 4);

    @Test
    void rarerTermsCarryMoreInformation() {
        assertThat(this.model.information("tram")).isCloseTo(Math.log(1005), within(1e-12));
        assertThat(this.model.information("lisbon")).isCloseTo(-Math.log(2.0 / 1005), within(1e-12));
        assertThat(this.model.information("weather")).isCloseTo(-Math.log(601.0 / 1005), within(1e-12));
        assertThat(this.model.maxInformation()).isCloseTo(Math.log(1005), within(1e-12));
    }

    @Test
    void phrasesAreRankedBySelfInformation() {
        List<KeyPhrase> phrases = KeyPhraseExtractor.rank("Nice weather in Lisbon, and the tram was nice too.",
                this.model);
        assertThat(phrases).extracting(KeyPhrase::phrase).containsExactly("tram", "lisbon", "nice", "weather");
        assertThat(phrases.get(0).weight()).isCloseTo(Math.log(1005), within(1e-12));
    }

    @Test
    void adjacentCapitalisedWordsFormAPhraseWeighingTheirMean() {
        List<KeyPhrase> phrases = KeyPhraseExtractor.rank("We walked over the Golden Gate bridge.", this.model);
        KeyPhrase pair = phrases.stream().filter(p -> p.phrase().equals("golden gate")).findFirst().orElseThrow();
        assertThat(pair.weight()).isCloseTo((this.model.information("golden") + this.model.information("gate")) / 2,
                within(1e-12));
        assertThat(Terms.capitalisedPairs("I live in Berlin. Paris is far. The Big Apple"))
            .containsExactly("big apple");
    }

    @Test
    void atMostEightPhrasesAndNoStopWords() {
        List<KeyPhrase> phrases = KeyPhraseExtractor
            .rank("alpha bravo charlie delta echo foxtrot golf hotel india juliett and the what", this.model);
        assertThat(phrases).hasSize(8);
        assertThat(phrases).extracting(KeyPhrase::phrase)
            .doesNotContain("and", "the", "what")
            .startsWith("alpha", "bravo");
    }

    @Test
    void logprobsWeighAPhraseByTheMeanSurpriseOfItsTokens() {
        List<TokenLogprob> tokens = List.of(new TokenLogprob("You", -0.1), new TokenLogprob(" live", -0.5),
                new TokenLogprob(" in", -0.1), new TokenLogprob(" Lis", -4.0), new TokenLogprob("bon", -2.0),
                new TokenLogprob(".", -0.01));
        List<KeyPhrase> phrases = KeyPhraseExtractor.rankByLogprobs("You live in Lisbon.", tokens);
        assertThat(phrases).extracting(KeyPhrase::phrase).containsExactly("lisbon", "live");
        assertThat(phrases.get(0).weight()).isCloseTo(3.0, within(1e-12));
        assertThat(phrases.get(1).weight()).isCloseTo(0.5, within(1e-12));
    }

}
