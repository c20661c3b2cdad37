package dev.skein.generation.writing.plan;

import java.util.List;

/**
 * The sections of a text, in order.
 *
 * @param source {@code llm}, or {@code fallback} when the model's plan could not be used
 * @param note why the fallback was used, else null
 */
public record WritingPlan(List<PlannedSection> sections, String source, String note) {

    public static final String LLM = "llm";

    public static final String FALLBACK = "fallback";

    public WritingPlan {
        sections = List.copyOf(sections);
    }

    public int totalWords() {
        return this.sections.stream().mapToInt(PlannedSection::targetWords).sum();
    }
}
