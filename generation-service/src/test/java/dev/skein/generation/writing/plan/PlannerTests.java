package dev.skein.generation.writing.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlannerTests {

    private static final String INSTRUCTION = "A report on memory for chat products";

    @Test
    void readsAFencedJsonPlanAndNormalisesItsBudgets() {
        String reply = """
                Sure, here is the plan:
                ```json
                {"sections":[
                  {"title":"Why memory","brief":"The problem.","targetWords":1000},
                  {"title":"How it works","brief":"The design.","targetWords":1500},
                  {"title":"Results","brief":"What was measured.","targetWords":1000}]}
                ```""";

        WritingPlan plan = Planner.fromReply(reply, INSTRUCTION, 4200);

        assertThat(plan.source()).isEqualTo(WritingPlan.LLM);
        assertThat(plan.note()).isNull();
        assertThat(plan.sections()).containsExactly(new PlannedSection(0, "Why memory", "The problem.", 1200),
                new PlannedSection(1, "How it works", "The design.", 1800),
                new PlannedSection(2, "Results", "What was measured.", 1200));
        assertThat(plan.totalWords()).isEqualTo(4200);
    }

    @Test
    void acceptsABareArrayStringBudgetsAndMissingBriefs() {
        String reply = "[{\"title\":\"One\",\"targetWords\":\"600 words\"},{\"title\":\"Two\",\"brief\":\"b\"},"
                + "{\"brief\":\"no title: skipped\"}]";

        WritingPlan plan = Planner.fromReply(reply, INSTRUCTION, 1000);

        assertThat(plan.source()).isEqualTo(WritingPlan.LLM);
        // "Two" has no budget: it counts as the mean of the others (600)
        assertThat(plan.sections()).containsExactly(new PlannedSection(0, "One", "One", 500),
                new PlannedSection(1, "Two", "b", 500));
    }

    @Test
    void badJsonFallsBackToEqualSectionsOfAtMost1500Words() {
        WritingPlan plan = Planner.fromReply("I would start with an introduction, then {oops", INSTRUCTION, 10_000);

        assertThat(plan.source()).isEqualTo(WritingPlan.FALLBACK);
        assertThat(plan.note()).isEqualTo("the model's plan was not the JSON asked for");
        assertThat(plan.sections()).extracting(PlannedSection::title)
            .containsExactly("Introduction", "Part 1", "Part 2", "Part 3", "Part 4", "Part 5", "Conclusion");
        assertThat(plan.sections()).extracting(PlannedSection::targetWords)
            .containsExactly(1429, 1429, 1429, 1429, 1428, 1428, 1428);
        assertThat(plan.sections()).extracting(PlannedSection::position).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void noReplyAndEmptyPlansFallBackToo() {
        assertThat(Planner.fromReply(null, INSTRUCTION, 3000).sections()).extracting(PlannedSection::targetWords)
            .containsExactly(1500, 1500);
        WritingPlan empty = Planner.fromReply("{\"sections\":[]}", INSTRUCTION, 3000);
        assertThat(empty.source()).isEqualTo(WritingPlan.FALLBACK);
        assertThat(empty.note()).isEqualTo("the model's plan had no sections");
    }

    @Test
    void aShortTextFallsBackToOneSection() {
        WritingPlan plan = Planner.fallback(INSTRUCTION, 100, "why");

        assertThat(plan.sections()).containsExactly(new PlannedSection(0, "Text", "The whole text asked for.", 100));
        assertThat(plan.note()).isEqualTo("why");
    }

    @Test
    void aPlanWhoseSectionsAreTooLongForOneCallIsReplaced() {
        WritingPlan plan = Planner.fromReply("{\"sections\":[{\"title\":\"All\",\"targetWords\":5000},"
                + "{\"title\":\"Rest\",\"targetWords\":5000}]}", INSTRUCTION, 10_000);

        assertThat(plan.source()).isEqualTo(WritingPlan.FALLBACK);
        assertThat(plan.note()).isEqualTo("a section of the model's plan would need 5000 words (allowed 50 to 2000)");
        assertThat(plan.sections()).hasSize(7);
    }

    @Test
    void promptStatesTheTotalAndASuggestedNumberOfSections() {
        assertThat(Planner.prompt(INSTRUCTION, 10_000).get(1).content()).startsWith(
                "Total length: 10000 words.\nSuggested number of sections: 8.\nThe text to write: " + INSTRUCTION);
        assertThat(Planner.prompt(INSTRUCTION, 10_000).get(0).content()).startsWith(Planner.INSTRUCTION_START);
    }

}
