package dev.skein.retrieval.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoverageTests {

    @Test
    void aResultNearABetterOneMakesWayForACloseScoreElsewhere() {
        SearchHit best = turn(3.0, 10);
        SearchHit neighbour = turn(2.8, 11);
        SearchHit elsewhere = turn(2.6, 40);

        assertThat(Coverage.rerank(List.of(best, neighbour, elsewhere), 0.5, 4)).containsExactly(best, elsewhere,
                neighbour);
    }

    @Test
    void aNeighbourFarAheadInScoreKeepsItsPlace() {
        SearchHit best = turn(3.0, 10);
        SearchHit neighbour = turn(2.8, 12);
        SearchHit elsewhere = turn(1.0, 40);

        assertThat(Coverage.rerank(List.of(best, neighbour, elsewhere), 0.5, 4)).containsExactly(best, neighbour,
                elsewhere);
    }

    @Test
    void summariesAreNearNothingAndScoresStay() {
        SearchHit best = turn(3.0, 10);
        SearchHit summary = new SearchHit(UUID.randomUUID(), "summary", null, "s", 2.9, List.of(), List.of(), 1, 100,
                Instant.EPOCH, 20);
        SearchHit neighbour = turn(2.8, 14);
        SearchHit far = turn(2.7, 15);

        List<SearchHit> reranked = Coverage.rerank(List.of(best, summary, neighbour, far), 0.5, 4);

        assertThat(reranked).containsExactly(best, summary, far, neighbour);
        assertThat(reranked).extracting(SearchHit::score).containsExactly(3.0, 2.9, 2.7, 2.8);
    }

    @Test
    void noPenaltyIsTheRankingAsItIs() {
        List<SearchHit> ranked = List.of(turn(3.0, 10), turn(2.9, 11), turn(1.0, 40));

        assertThat(Coverage.rerank(ranked, 0, 4)).isSameAs(ranked);
    }

    private static SearchHit turn(double score, long n) {
        return new SearchHit(UUID.randomUUID(), "turn", "Ana", "line " + n, score, List.of("D1:" + n), List.of(), n, n,
                Instant.EPOCH, 5);
    }

}
