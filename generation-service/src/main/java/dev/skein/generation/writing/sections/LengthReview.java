package dev.skein.generation.writing.sections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.skein.generation.llm.LlmAnswer;
import dev.skein.generation.llm.LlmCallFailed;
import dev.skein.generation.llm.LlmProviders;
import dev.skein.generation.prompt.ChatMessage;
import dev.skein.generation.writing.plan.PlannedSection;

/**
 * Reviews a section against its constraints: the heading the prompt asked to leave out is
 * removed, and a draft whose length is outside ±10% of the section's budget is sent back
 * to the model to be expanded or condensed, at most {@code maxRevisions} times. Every
 * review is recorded. When no draft fits, or a revision call fails, the draft closest to
 * the budget is kept: a job never fails on length alone.
 */
public class LengthReview {

    static final String INSTRUCTION_START = "You revise one section of a long text to a word budget.";

    private final Reviser reviser;

    private final int maxRevisions;

    LengthReview(Reviser reviser, int maxRevisions) {
        this.reviser = reviser;
        this.maxRevisions = maxRevisions;
    }

    /**
     * @param callDeadline LLM work of one revision, retries and fallbacks included
     */
    public LengthReview(LlmProviders llm, int maxRevisions, Duration callDeadline) {
        this(prompt -> Draft.of(llm.complete(prompt, false, System.nanoTime() + callDeadline.toNanos())), maxRevisions);
    }

    /** Asks the model for a revision; its answer. */
    @FunctionalInterface
    interface Reviser {

        Draft revise(List<ChatMessage> prompt);

    }

    /**
     * A draft and the LLM that wrote it ({@code llm:<model>@<host>}): the section's
     * messages in the conversation say who wrote the text kept, which may be a fallback
     * provider's revision.
     */
    public record Draft(String text, String generatedBy) {

        static Draft of(LlmAnswer answer) {
            return new Draft(answer.completion().content(), answer.generatedBy());
        }
    }

    public enum Verdict {

        OK, TOO_SHORT, TOO_LONG;

        String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

    }

    /**
     * One review: which draft (0 the first, then each revision), its length and the
     * verdict.
     */
    public record Review(int draft, int words, String verdict) {
    }

    /** The text kept, its length, every review in order, and who wrote the text kept. */
    public record Reviewed(String text, int words, boolean withinTolerance, List<Review> reviews, String generatedBy) {
    }

    /** Fewest words within tolerance: 90% of the budget, rounded up. */
    public static int lowest(int target) {
        return (9 * target + 9) / 10;
    }

    /** Most words within tolerance: 110% of the budget, rounded down. */
    public static int highest(int target) {
        return 11 * target / 10;
    }

    public static Verdict judge(int words, int target) {
        if ((long) words * 10 < (long) target * 9) {
            return Verdict.TOO_SHORT;
        }
        if ((long) words * 10 > (long) target * 11) {
            return Verdict.TOO_LONG;
        }
        return Verdict.OK;
    }

    public Reviewed review(String instruction, PlannedSection section, Draft draft) {
        List<Review> reviews = new ArrayList<>();
        String best = null;
        int bestWords = 0;
        String bestBy = null;
        String text = SectionText.clean(draft.text(), section.title());
        String by = draft.generatedBy();
        for (int revision = 0;; revision++) {
            int words = WordCount.of(text);
            Verdict verdict = judge(words, section.targetWords());
            reviews.add(new Review(revision, words, verdict.wire()));
            if (best == null || Math.abs(words - section.targetWords()) < Math.abs(bestWords - section.targetWords())) {
                best = text;
                bestWords = words;
                bestBy = by;
            }
            if (verdict == Verdict.OK) {
                return new Reviewed(text, words, true, reviews, by);
            }
            if (revision >= this.maxRevisions) {
                return new Reviewed(best, bestWords, false, reviews, bestBy);
            }
            Draft revised;
            try {
                revised = this.reviser.revise(revisionPrompt(instruction, section, text, words, verdict));
            }
            catch (LlmCallFailed ex) {
                // a draft is in hand: a failed revision costs the tolerance, not the
                // section
                return new Reviewed(best, bestWords, false, reviews, bestBy);
            }
            text = SectionText.clean(revised.text(), section.title());
            by = revised.generatedBy();
        }
    }

    static List<ChatMessage> revisionPrompt(String instruction, PlannedSection section, String text, int words,
            Verdict verdict) {
        int target = section.targetWords();
        String how = verdict == Verdict.TOO_SHORT
                ? "Expand it with more detail, examples and explanation, without padding or repetition"
                : "Condense it, keeping its key points and dropping repetition and minor detail";
        return List.of(
                ChatMessage.system(INSTRUCTION_START + " Answer with the revised section only, as plain prose "
                        + "without its heading."),
                ChatMessage.user(String.format(Locale.ROOT,
                        "The text asked for: %s%n%nSection \"%s\": %s%n%nThe draft below has %d words; it needs %d to %d. "
                                + "%s, in the same style.%nRevise to: about %d words.%n%nDraft:%n%s",
                        instruction, section.title(), section.brief(), words, lowest(target), highest(target), how,
                        target, text)));
    }

}
