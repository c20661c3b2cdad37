package dev.skein.retrieval.search;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpeakersTests {

    @Test
    void aPossessiveNamesTheSpeakerAndOneLetterWordsAreLeftOut() {
        assertThat(Speakers.named("What do Melanie's kids like? A lot")).containsExactly("what", "do", "melanie",
                "kids", "like", "lot");
    }

    @Test
    void noQueryNamesNoOne() {
        assertThat(Speakers.named(null)).isEmpty();
    }

}
