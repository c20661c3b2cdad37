package dev.skein.retrieval.search;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReciprocalRankFusionTests {

    private static final UUID A = id(1);
    private static final UUID B = id(2);
    private static final UUID C = id(3);
    private static final UUID D = id(4);
    private static final UUID E = id(5);

    @Test
    void sumsReciprocalRanksOfBothArms() {
        // dense: A B C D; lexical: C A E
        List<ReciprocalRankFusion.Fused> fused = ReciprocalRankFusion.fuse(
                List.of(List.of(A, B, C, D), List.of(C, A, E)), 60, 10);

        assertThat(fused).extracting(ReciprocalRankFusion.Fused::memoryId).containsExactly(A, C, B, E, D);
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12));
        assertThat(fused.get(2).score()).isCloseTo(1.0 / 62, within(1e-12));
        assertThat(fused.get(3).score()).isCloseTo(1.0 / 63, within(1e-12));
        assertThat(fused.get(4).score()).isCloseTo(1.0 / 64, within(1e-12));
    }

    @Test
    void breaksTiesByBestRankThenByTheEarlierArm() {
        // B and D tie exactly (1/62 each); A (dense 1) and C (lexical 1) tie too.
        List<ReciprocalRankFusion.Fused> fused = ReciprocalRankFusion.fuse(
                List.of(List.of(A, B), List.of(C, D)), 60, 10);

        assertThat(fused).extracting(ReciprocalRankFusion.Fused::memoryId).containsExactly(A, C, B, D);
    }

    @Test
    void keepsTheLimit() {
        List<ReciprocalRankFusion.Fused> fused = ReciprocalRankFusion.fuse(
                List.of(List.of(A, B, C), List.of(B)), 60, 2);

        assertThat(fused).extracting(ReciprocalRankFusion.Fused::memoryId).containsExactly(B, A);
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 62 + 1.0 / 61, within(1e-12));
    }

    @Test
    void emptyRankingsGiveNothing() {
        assertThat(ReciprocalRankFusion.fuse(List.of(List.of(), List.of()), 60, 5)).isEmpty();
    }

    private static UUID id(int n) {
        return new UUID(0, n);
    }
}
