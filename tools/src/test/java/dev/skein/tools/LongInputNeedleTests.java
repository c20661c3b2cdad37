package dev.skein.tools;

import java.util.List;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LongInputNeedleTests {

    private static final LongInputNeedle.Needle NEEDLE = LongInputNeedle.NEEDLES.get(0);

    @Test
    void theHaystackHasTheAskedTokensAndIsTheSameForTheSameSeed() {
        List<String> haystack = LongInputNeedle.haystack(8000, 8000);
        String text = String.join(" ", haystack);

        int tokens = Encodings.newDefaultEncodingRegistry()
            .getEncoding(EncodingType.CL100K_BASE)
            .countTokensOrdinary(text);
        assertThat(tokens).isBetween(7800, 8300);
        assertThat(LongInputNeedle.haystack(8000, 8000)).isEqualTo(haystack);
        assertThat(text).doesNotContain("Marguerite", "Okonkwo", "Vellmar");
    }

    @Test
    void theNeedleGoesAtItsDepthAndItsDistractorHalfATextAway() {
        List<String> haystack = LongInputNeedle.haystack(2000, 1);

        String atStart = LongInputNeedle.plant(haystack, NEEDLE, 0);
        String atEnd = LongInputNeedle.plant(haystack, NEEDLE, 100);
        String inMiddle = LongInputNeedle.plant(haystack, NEEDLE, 50);

        assertThat(atStart).startsWith(NEEDLE.sentence());
        assertThat(atEnd).endsWith(NEEDLE.sentence());
        assertThat(inMiddle).startsWith(NEEDLE.distractor());
        assertThat(inMiddle.indexOf(NEEDLE.sentence())).isBetween(inMiddle.length() * 45 / 100,
                inMiddle.length() * 55 / 100);
        for (String text : List.of(atStart, atEnd, inMiddle)) {
            assertThat(text.split(java.util.regex.Pattern.quote(NEEDLE.sentence()), -1)).hasSize(2);
            assertThat(text.split(java.util.regex.Pattern.quote(NEEDLE.distractor()), -1)).hasSize(2);
        }
    }

    @Test
    void everyQuestionIsAParaphraseThatKeepsTheNameButNotTheAnswer() {
        for (LongInputNeedle.Needle needle : LongInputNeedle.NEEDLES) {
            assertThat(needle.sentence()).contains(needle.answer());
            assertThat(needle.question()).doesNotContain(needle.answer());
            assertThat(needle.distractor()).doesNotContain(needle.answer());
        }
    }

}
