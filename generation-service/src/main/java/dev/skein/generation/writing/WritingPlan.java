package dev.skein.generation.writing;

import java.util.List;

/**
 * The sections of a text, in order.
 *
 * @param source {@code llm}, or {@code fallback} when the model's plan could not be used
 * @param note why the fallback was used, else null
 */
record WritingPlan(List<PlannedSection> sections, String source, String note) {

    static final String LLM = "llm";

    static final String FALLBACK = "fallback";

    WritingPlan {
        sections = List.copyOf(sections);
    }

    int totalWords() {
        return this.sections.stream().mapToInt(PlannedSection::targetWords).sum();
    }
}
