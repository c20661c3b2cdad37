package dev.skein.tools;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NeedleProbeTests {

    @Test
    void plantsTwentyFactsInUserTurnsFromStartToEndAndUpdatesEveryFourth() {
        NeedleProbe.Planted planted = NeedleProbe.plant(1000);
        List<Map<String, Object>> messages = planted.messages();

        assertThat(messages).hasSize(1000);
        assertThat(planted.facts()).hasSize(20);
        assertThat(planted.facts().get(0).position()).isZero();
        assertThat(planted.facts().get(19).position()).isEqualTo(998);
        for (NeedleProbe.Fact fact : planted.facts()) {
            assertThat(messages.get(fact.position()).get("role")).isEqualTo("user");
            assertThat(messages.get(fact.position()).get("content"))
                .isEqualTo("My " + fact.subject() + " is " + fact.value() + ".");
            if (fact.index() % 4 == 1) {
                assertThat(fact.updatePosition()).isGreaterThan(fact.position());
                assertThat(messages.get(fact.updatePosition()).get("content"))
                    .isEqualTo("Update: my " + fact.subject() + " is " + fact.newValue() + " now.");
            }
            else {
                assertThat(fact.newValue()).isNull();
            }
        }
    }

    @Test
    void theSameLengthPlantsTheSameConversation() {
        assertThat(NeedleProbe.plant(400)).isEqualTo(NeedleProbe.plant(400));
        assertThat(NeedleProbe.plant(400).messages().get(3).get("externalId")).isEqualTo("n3");
    }

    @Test
    void searchQuestionsAskForEveryFactAndEveryTopic() {
        List<String> questions = SearchBench.questions(NeedleProbe.plant(100));

        assertThat(questions).hasSize(40)
            .contains("What is my locker code?", "Who talked about calligraphy, and where?");
    }

}
