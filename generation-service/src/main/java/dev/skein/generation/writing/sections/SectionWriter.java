package dev.skein.generation.writing.sections;

import java.util.List;
import java.util.Locale;

import dev.skein.generation.llm.LlmProviders;
import dev.skein.generation.prompt.ChatMessage;
import dev.skein.generation.writing.plan.PlannedSection;
import dev.skein.generation.writing.plan.WritingPlan;

/**
 * Writes one section (AgentWrite's write step) from the instruction, the whole plan and
 * the memory context. Each call sees the whole plan, which is what lets sections be
 * written side by side without waiting for the text before them.
 */
public class SectionWriter {

    static final String INSTRUCTION_START = "You write one section of a long text.";

    static final String INSTRUCTION = INSTRUCTION_START + " You are given the whole plan so that the sections fit "
            + "together: write only the section you are asked for, covering its brief and nothing another section "
            + "covers. Write its body text only, without its heading, as plain prose in paragraphs. Keep to its "
            + "length: within 10% of the number of words asked for.";

    private final LlmProviders llm;

    public SectionWriter(LlmProviders llm) {
        this.llm = llm;
    }

    public LengthReview.Draft write(String instruction, WritingPlan plan, PlannedSection section, List<String> memories,
            long deadline) {
        return LengthReview.Draft.of(this.llm.complete(prompt(instruction, plan, section, memories), false, deadline));
    }

    static List<ChatMessage> prompt(String instruction, WritingPlan plan, PlannedSection section,
            List<String> memories) {
        StringBuilder user = new StringBuilder();
        user.append("The text asked for: ").append(instruction).append("\n\n");
        user.append(String.format(Locale.ROOT, "The plan (%d sections, %d words in all):%n", plan.sections().size(),
                plan.totalWords()));
        for (PlannedSection planned : plan.sections()) {
            user.append(String.format(Locale.ROOT, "%d. %s (%d words): %s%n", planned.position() + 1, planned.title(),
                    planned.targetWords(), planned.brief()));
        }
        if (!memories.isEmpty()) {
            user.append("\nFrom the memory of this conversation (use what fits; do not invent beyond it):\n");
            for (String memory : memories) {
                user.append("- ").append(memory).append('\n');
            }
        }
        int target = section.targetWords();
        user.append(String.format(Locale.ROOT,
                "%nWrite section %d: \"%s\".%nBrief: %s%nLength: about %d words " + "(between %d and %d).",
                section.position() + 1, section.title(), section.brief(), target, LengthReview.lowest(target),
                LengthReview.highest(target)));
        return List.of(ChatMessage.system(INSTRUCTION), ChatMessage.user(user.toString()));
    }

}
