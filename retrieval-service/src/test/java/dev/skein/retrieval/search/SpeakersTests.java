package dev.skein.retrieval.search;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpeakersTests {

    @Test
    void aPossessiveNamesTheSpeakerAndOneLetterWordsAreLeftOut() {
        assertThat(Speakers.named("What do Melanie's kids like? A lot")).containsExactly("what", "do", "melanie",
                "kids", "like", "lot");
    }

    @Test
    void theSpeakersNamesAndTheirPossessivesAreTakenOutOfTheQuery() {
        assertThat(Speakers.withoutNames("What do Melanie's kids like, and does Jon Smith know?",
                List.of("Melanie", "Jon Smith")))
            .isEqualTo("What do kids like, and does know?");
        assertThat(Speakers.withoutNames("Where did Caroline\u2019s sister move?", List.of("caroline")))
            .isEqualTo("Where did sister move?");
    }

    @Test
    void aQueryOfNothingButNamesOrWithoutSpeakersStaysAsItIs() {
        assertThat(Speakers.withoutNames("Melanie?", List.of("Melanie"))).isEqualTo("Melanie?");
        assertThat(Speakers.withoutNames("What does Mel like?", List.of())).isEqualTo("What does Mel like?");
        assertThat(Speakers.withoutNames("Is Melbourne nice?", List.of("Mel"))).isEqualTo("Is Melbourne nice?");
    }

    @Test
    void aRoleIsNoName() {
        assertThat(Speakers.withoutNames("What did the assistant suggest to Ana?", List.of("user", "assistant", "Ana")))
            .isEqualTo("What did the assistant suggest to ?");
    }

    @Test
    void noQueryNamesNoOne() {
        assertThat(Speakers.named(null)).isEmpty();
    }

}
