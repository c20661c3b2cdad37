package dev.skein.tools;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocomoDatasetTests {

    @Test
    void parsesSessionTimesInTheirOwnFormat() {
        assertThat(LocomoDataset.parseTime("1:56 pm on 8 May, 2023")).isEqualTo(Instant.parse("2023-05-08T13:56:00Z"));
        assertThat(LocomoDataset.parseTime("10:04 AM on 20 January, 2023"))
            .isEqualTo(Instant.parse("2023-01-20T10:04:00Z"));
    }

    @Test
    void repairsMalformedEvidenceIds() {
        assertThat(LocomoDataset.normalizeEvidence("D8:6; D9:17")).containsExactly("D8:6", "D9:17");
        assertThat(LocomoDataset.normalizeEvidence("D:11:26")).containsExactly("D11:26");
        assertThat(LocomoDataset.normalizeEvidence("D30:05")).containsExactly("D30:5");
        assertThat(LocomoDataset.normalizeEvidence("nonsense")).isEmpty();
    }

    @Test
    void readsSessionsQuestionsAndGoldAnswersNumbersIncluded() throws Exception {
        LocomoDataset dataset = LocomoDataset
            .read(Path.of(LocomoDatasetTests.class.getResource("/qa-mini.json").toURI()));

        LocomoDataset.Conversation conversation = dataset.conversations().get(0);
        assertThat(conversation.sessions()).hasSize(2);
        assertThat(conversation.questions()).extracting(LocomoDataset.Question::answer)
            .containsExactly("Porto", "Two hours and five minutes", "40", "");
    }

}
