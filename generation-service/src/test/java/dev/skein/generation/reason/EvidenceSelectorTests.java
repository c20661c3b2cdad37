package dev.skein.generation.reason;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.generation.prompt.ChatMessage;
import dev.skein.generation.reason.EvidenceVerifier.Selected;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceSelectorTests {

    @Test
    void readsTheSelectionAlsoInsideACodeFenceWithLooseIds() {
        assertThat(EvidenceSelector.parse("Sure!\n```json\n{\"evidence\":[{\"id\":\"[e1]\",\"quote\":\"Miso\"},"
                + "{\"id\":2,\"quote\":\"bike\"},{\"id\":\"E3\"}]}\n```"))
            .contains(List.of(new Selected("E1", "Miso"), new Selected("E2", "bike")));
        assertThat(EvidenceSelector.parse("{\"evidence\":[]}")).contains(List.of());
    }

    @Test
    void somethingElseThanTheAskedForJsonIsNoSelection() {
        assertThat(EvidenceSelector.parse("Your cat is called Miso.")).isEmpty();
        assertThat(EvidenceSelector.parse("{\"answer\":\"Miso\"}")).isEmpty();
        assertThat(EvidenceSelector.parse("{\"evidence\": [ {")).isEmpty();
        assertThat(EvidenceSelector.parse(null)).isEmpty();
    }

    @Test
    void showsEachMemoryWithItsShortIdAndDate() {
        Evidence cat = new Evidence(UUID.randomUUID(), "turn", null, "Alice: Miso.", 0.5, List.of(), List.of(), 1, 1,
                Instant.parse("2023-05-01T10:00:00Z"));

        List<ChatMessage> prompt = EvidenceSelector.prompt(List.of(cat), "Alice: my cat?");

        assertThat(prompt.get(0).content()).startsWith(EvidenceSelector.INSTRUCTION_START);
        assertThat(prompt.get(1).content())
            .isEqualTo("Memories:\n[E1] (2023-05-01) Alice: Miso.\n\nQuestion: Alice: my cat?");
        assertThat(EvidenceSelector.ids(List.of(cat))).containsEntry("E1", cat)
            .containsEntry(cat.memoryId().toString(), cat);
    }

    @Test
    void tellsQuestionsAboutThePastFromOthers() {
        assertThat(EvidenceSelector.aboutThePast("What was the name of my cat?")).isTrue();
        assertThat(EvidenceSelector.aboutThePast("When did I move to Berlin?")).isTrue();
        assertThat(EvidenceSelector.aboutThePast("Do you remember the plan?")).isTrue();
        assertThat(EvidenceSelector.aboutThePast("Continue the story")).isFalse();
        assertThat(EvidenceSelector.aboutThePast("Translate 'hello' to French")).isFalse();
    }

}
