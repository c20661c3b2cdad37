package dev.skein.generation.writing.plan;

/**
 * One section of a plan.
 *
 * @param position 0-based place in the text
 * @param brief what the section covers, so that sections written side by side do not
 * overlap
 * @param targetWords the section's word budget; the budgets of a plan add up to the job's
 * target
 */
public record PlannedSection(int position, String title, String brief, int targetWords) {
}
