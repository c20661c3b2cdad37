package dev.skein.generation.writing.sections;

import java.util.List;

import dev.skein.generation.prompt.ChatMessage;
import dev.skein.generation.writing.plan.PlannedSection;
import dev.skein.generation.writing.plan.WritingPlan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SectionWriterTests {

    @Test
    void promptHoldsTheInstructionTheWholePlanTheMemoryAndTheBudget() {
        WritingPlan plan = new WritingPlan(
                List.of(new PlannedSection(0, "Intro", "Why.", 1200), new PlannedSection(1, "Design", "How.", 1300)),
                WritingPlan.LLM, null);

        List<ChatMessage> prompt = SectionWriter.prompt("A report", plan, plan.sections().get(1),
                List.of("[2024-01-05] Ana: my puppy is Biscuit."));

        assertThat(prompt.get(0).content()).startsWith(SectionWriter.INSTRUCTION_START);
        assertThat(prompt.get(1).content()).isEqualTo("""
                The text asked for: A report

                The plan (2 sections, 2500 words in all):
                1. Intro (1200 words): Why.
                2. Design (1300 words): How.

                From the memory of this conversation (use what fits; do not invent beyond it):
                - [2024-01-05] Ana: my puppy is Biscuit.

                Write section 2: "Design".
                Brief: How.
                Length: about 1300 words (between 1170 and 1430).""");
    }

}
