package dev.skein.generation.writing.plan;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WordBudgetsTests {

    @Test
    void scalesBudgetsThatFallShortUpToTheTarget() {
        assertThat(WordBudgets.normalise(Collections.nCopies(8, 1000), 10_000)).containsExactly(1250, 1250, 1250, 1250,
                1250, 1250, 1250, 1250);
    }

    @Test
    void keepsTheProportionsOfUnevenBudgets() {
        assertThat(WordBudgets.normalise(List.of(500, 1500, 2000), 2000)).containsExactly(250, 750, 1000);
    }

    @Test
    void givesTheRoundingRemainderToTheLargestFractionsEarlierFirst() {
        assertThat(WordBudgets.normalise(List.of(1, 1, 1), 100)).containsExactly(34, 33, 33);
        assertThat(WordBudgets.normalise(Collections.nCopies(7, 1), 10_000)).containsExactly(1429, 1429, 1429, 1429,
                1428, 1428, 1428);
    }

    @Test
    void missingOrNonPositiveBudgetsCountAsTheMeanOfTheOthers() {
        // weights 300, 450, 600, 450 of 1,800: 166.7, 250, 333.3, 250; the lost word goes
        // to the first
        assertThat(WordBudgets.normalise(Arrays.asList(300, null, 600, 0), 1000)).containsExactly(167, 250, 333, 250);
    }

    @Test
    void withoutAnyUsableBudgetTheSectionsAreEqual() {
        assertThat(WordBudgets.normalise(Arrays.asList(null, -5), 901)).containsExactly(451, 450);
    }

    @Test
    void alwaysAddsUpToTheTarget() {
        List<Integer> budgets = WordBudgets.normalise(List.of(137, 911, 402, 77, 1203), 12_345);
        assertThat(budgets.stream().mapToInt(Integer::intValue).sum()).isEqualTo(12_345);
    }

    @Test
    void aPlanNeedsASection() {
        assertThatIllegalArgumentException().isThrownBy(() -> WordBudgets.normalise(List.of(), 100));
    }

}
