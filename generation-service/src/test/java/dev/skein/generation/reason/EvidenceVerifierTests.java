package dev.skein.generation.reason;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.generation.reason.EvidenceVerifier.Selected;
import dev.skein.generation.reason.EvidenceVerifier.Verified;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceVerifierTests {

    private final Evidence cat = evidence("Alice: I adopted a cat today,\n  her name is Miso.");

    private final Evidence bike = evidence("Bob: I sold my red bicycle last week.");

    private final Map<String, Evidence> ids = EvidenceSelector.ids(List.of(this.cat, this.bike));

    @Test
    void keepsAQuoteThatIsInItsMemoryOnceWhitespaceIsNormalized() {
        List<Verified> verified = EvidenceVerifier.verify(List.of(new Selected("E1", " today, her  name is Miso ")),
                this.ids);

        assertThat(verified).containsExactly(new Verified(this.cat, List.of("today, her name is Miso")));
    }

    @Test
    void dropsFabricatedParaphrasedAndMisattributedQuotesAndUnknownIds() {
        List<Verified> verified = EvidenceVerifier.verify(List.of(new Selected("E2", "Bob bought a blue car"), // not
                                                                                                               // said
                new Selected("E2", "bob sold his red bicycle"), // paraphrase, other case
                new Selected("E2", "her name is Miso"), // said, but in E1
                new Selected("E9", "her name is Miso"), // no such memory
                new Selected("E1", "   ")), this.ids);

        assertThat(verified).isEmpty();
    }

    @Test
    void keepsTheMemoriesInTheOrderFirstNamedWithEachTrueQuoteOnce() {
        List<Verified> verified = EvidenceVerifier.verify(List.of(new Selected("E2", "red bicycle"),
                new Selected(this.cat.memoryId().toString(), "I adopted a cat"), new Selected("E2", "red  bicycle"),
                new Selected("E2", "a green bicycle")), this.ids);

        assertThat(verified).containsExactly(new Verified(this.bike, List.of("red bicycle")),
                new Verified(this.cat, List.of("I adopted a cat")));
    }

    private static Evidence evidence(String text) {
        return new Evidence(UUID.randomUUID(), "turn", null, text, 0.5, List.of(), List.of(), 1, 1,
                Instant.parse("2023-05-01T10:00:00Z"));
    }

}
