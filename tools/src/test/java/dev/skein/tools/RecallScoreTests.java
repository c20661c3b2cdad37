package dev.skein.tools;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.skein.tools.RecallScore.Hit;

import static org.assertj.core.api.Assertions.assertThat;

class RecallScoreTests {

    private final List<Hit> hits = List.of(new Hit(List.of("D1:1"), "a".repeat(400)),
            new Hit(List.of("D1:2", "D1:3"), "b".repeat(2000)), new Hit(List.of("D2:7"), "c".repeat(40)));

    private final Set<String> gold = Set.of("D1:3", "D2:7");

    @Test
    void recallCountsGoldIdsCoveredByTheTopK() {
        assertThat(RecallScore.recallAt(this.hits, this.gold, 1)).isZero();
        assertThat(RecallScore.recallAt(this.hits, this.gold, 2)).isEqualTo(0.5);
        assertThat(RecallScore.recallAt(this.hits, this.gold, 10)).isEqualTo(1.0);
        assertThat(RecallScore.allAt(this.hits, this.gold, 2)).isFalse();
        assertThat(RecallScore.allAt(this.hits, this.gold, 3)).isTrue();
    }

    @Test
    void reciprocalRankIsThatOfTheFirstResultWithGoldEvidence() {
        assertThat(RecallScore.reciprocalRank(this.hits, this.gold)).isEqualTo(0.5);
        assertThat(RecallScore.reciprocalRank(this.hits, Set.of("D9:9"))).isZero();
    }

    @Test
    void aTokenBudgetTakesWholeResultsOnlyAtFourCharactersPerToken() {
        // 100 tokens, then 500 more: a budget of 599 stops before the second result.
        assertThat(RecallScore.recallWithinTokens(this.hits, this.gold, 599)).isZero();
        assertThat(RecallScore.recallWithinTokens(this.hits, this.gold, 600)).isEqualTo(0.5);
        assertThat(RecallScore.recallWithinTokens(this.hits, this.gold, 610)).isEqualTo(1.0);
    }

}
