package dev.skein.generation.writing.sections;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.skein.generation.llm.LlmCallFailed;
import dev.skein.generation.prompt.ChatMessage;
import dev.skein.generation.writing.plan.PlannedSection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LengthReviewTests {

    private static final PlannedSection SECTION = new PlannedSection(2, "Results", "What was measured.", 1000);

    @Test
    void toleranceIsTenPercentEitherSideInclusive() {
        assertThat(LengthReview.judge(899, 1000)).isEqualTo(LengthReview.Verdict.TOO_SHORT);
        assertThat(LengthReview.judge(900, 1000)).isEqualTo(LengthReview.Verdict.OK);
        assertThat(LengthReview.judge(1000, 1000)).isEqualTo(LengthReview.Verdict.OK);
        assertThat(LengthReview.judge(1100, 1000)).isEqualTo(LengthReview.Verdict.OK);
        assertThat(LengthReview.judge(1101, 1000)).isEqualTo(LengthReview.Verdict.TOO_LONG);
    }

    @Test
    void boundsOfBudgetsNotDivisibleByTenRoundInward() {
        // 90% of 1,429 is 1,286.1 and 110% is 1,571.9
        assertThat(LengthReview.lowest(1429)).isEqualTo(1287);
        assertThat(LengthReview.highest(1429)).isEqualTo(1571);
        assertThat(LengthReview.judge(1286, 1429)).isEqualTo(LengthReview.Verdict.TOO_SHORT);
        assertThat(LengthReview.judge(1287, 1429)).isEqualTo(LengthReview.Verdict.OK);
        assertThat(LengthReview.judge(1571, 1429)).isEqualTo(LengthReview.Verdict.OK);
        assertThat(LengthReview.judge(1572, 1429)).isEqualTo(LengthReview.Verdict.TOO_LONG);
        // exactly on the bound: 904.5 and 1,105.5 for 1,005
        assertThat(LengthReview.lowest(1005)).isEqualTo(905);
        assertThat(LengthReview.highest(1005)).isEqualTo(1105);
    }

    @Test
    void aDraftWithinToleranceIsKeptWithoutARevision() {
        List<List<ChatMessage>> asked = new ArrayList<>();
        LengthReview review = new LengthReview(prompt -> {
            asked.add(prompt);
            return draft("never");
        }, 2);

        LengthReview.Reviewed reviewed = review.review("a report", SECTION, draft(words(950)));

        assertThat(asked).isEmpty();
        assertThat(reviewed.words()).isEqualTo(950);
        assertThat(reviewed.withinTolerance()).isTrue();
        assertThat(reviewed.reviews()).containsExactly(new LengthReview.Review(0, 950, "ok"));
    }

    @Test
    void aShortDraftIsExpandedAndTheRevisionKept() {
        List<List<ChatMessage>> asked = new ArrayList<>();
        LengthReview review = new LengthReview(prompt -> {
            asked.add(prompt);
            return draft(words(1040));
        }, 2);

        LengthReview.Reviewed reviewed = review.review("a report", SECTION, draft(words(500)));

        assertThat(reviewed.words()).isEqualTo(1040);
        assertThat(reviewed.reviews()).containsExactly(new LengthReview.Review(0, 500, "too-short"),
                new LengthReview.Review(1, 1040, "ok"));
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).get(1).content()).contains("The draft below has 500 words; it needs 900 to 1100.",
                "Expand it", "Revise to: about 1000 words.");
    }

    @Test
    void afterTwoRevisionsTheClosestDraftIsKept() {
        Iterator<LengthReview.Draft> revisions = List
            .of(new LengthReview.Draft(words(1300), "llm:a@one"), new LengthReview.Draft(words(1150), "llm:b@two"))
            .iterator();
        List<List<ChatMessage>> asked = new ArrayList<>();
        LengthReview review = new LengthReview(prompt -> {
            asked.add(prompt);
            return revisions.next();
        }, 2);

        LengthReview.Reviewed reviewed = review.review("a report", SECTION,
                new LengthReview.Draft(words(700), "llm:c@three"));

        assertThat(reviewed.withinTolerance()).isFalse();
        assertThat(reviewed.words()).isEqualTo(1150);
        // the kept text is the second revision's: its author, not the first draft's
        assertThat(reviewed.generatedBy()).isEqualTo("llm:b@two");
        assertThat(reviewed.reviews()).containsExactly(new LengthReview.Review(0, 700, "too-short"),
                new LengthReview.Review(1, 1300, "too-long"), new LengthReview.Review(2, 1150, "too-long"));
        assertThat(asked.get(1).get(1).content()).contains("Condense it");
    }

    @Test
    void aFailedRevisionKeepsTheDraftInHand() {
        LengthReview review = new LengthReview(prompt -> {
            throw new LlmCallFailed("the LLM answered HTTP 500");
        }, 2);

        LengthReview.Reviewed reviewed = review.review("a report", SECTION, draft(words(800)));

        assertThat(reviewed.text()).isEqualTo(words(800));
        assertThat(reviewed.generatedBy()).isEqualTo(BY);
        assertThat(reviewed.withinTolerance()).isFalse();
        assertThat(reviewed.reviews()).containsExactly(new LengthReview.Review(0, 800, "too-short"));
    }

    @Test
    void aRepeatedHeadingIsDroppedBeforeCounting() {
        LengthReview review = new LengthReview(prompt -> draft("never"), 0);

        LengthReview.Reviewed reviewed = review.review("a report", SECTION, draft("## Results\n\n" + words(1000)));

        assertThat(reviewed.text()).isEqualTo(words(1000));
        assertThat(reviewed.reviews()).containsExactly(new LengthReview.Review(0, 1000, "ok"));
    }

    @Test
    void withoutRevisionsAllowedALongDraftIsKeptAsItIs() {
        LengthReview.Reviewed reviewed = new LengthReview(prompt -> draft("never"), 0).review("r", SECTION,
                draft(words(2000)));

        assertThat(reviewed.words()).isEqualTo(2000);
        assertThat(reviewed.reviews()).containsExactly(new LengthReview.Review(0, 2000, "too-long"));
    }

    private static final String BY = "llm:test@host";

    private static LengthReview.Draft draft(String text) {
        return new LengthReview.Draft(text, BY);
    }

    static String words(int count) {
        return "word ".repeat(count).strip();
    }

}
