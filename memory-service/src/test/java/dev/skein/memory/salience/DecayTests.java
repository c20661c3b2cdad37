package dev.skein.memory.salience;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DecayTests {

    @Test
    void salienceDecaysByTheRatioEveryTurn() {
        // 0.9 · 0.8³ = 0.4608
        assertThat(Decay.effective(0.9, 0.8, 10, 13)).isCloseTo(0.4608, within(1e-12));
        assertThat(Decay.effective(0.9, 0.8, 10, 10)).isEqualTo(0.9);
        assertThat(Decay.effective(0.5, 0.7, 0, 1)).isCloseTo(0.35, within(1e-12));
    }

    @Test
    void aTurnBeforeTheLastReinforcementDoesNotGrowTheSalience() {
        assertThat(Decay.effective(0.9, 0.8, 10, 8)).isEqualTo(0.9);
    }

    @Test
    void reinforcementAddsTheBoostToTheDecayedValueCappedAtOne() {
        assertThat(Decay.reinforced(0.9, 0.8, 10, 13, 0.3)).isCloseTo(0.7608, within(1e-12));
        assertThat(Decay.reinforced(0.9, 0.8, 10, 11, 0.3)).isEqualTo(1.0);
    }

    @Test
    void theRankKeyOrdersMemoriesAsTheirSalienceDoesAtAnyTurn() {
        // a (base 0.9, turn 10) vs b (base 0.5, turn 13): at turn 20, 0.9·0.8¹⁰ = 0.0966
        // < 0.5·0.8⁷ = 0.1049
        double a = Decay.rankKey(0.9, 0.8, 10);
        double b = Decay.rankKey(0.5, 0.8, 13);
        assertThat(Decay.effective(0.9, 0.8, 10, 20)).isLessThan(Decay.effective(0.5, 0.8, 13, 20));
        assertThat(a).isLessThan(b);
        assertThat(Decay.effective(0.9, 0.8, 10, 100)).isLessThan(Decay.effective(0.5, 0.8, 13, 100));
    }

}
