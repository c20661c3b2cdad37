package dev.skein.retrieval.recall;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.skein.retrieval.search.SearchHit;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceBudgetTests {

    // Ranked best first; sequence and token count differ per hit.
    private final SearchHit first = hit(9, 40);

    private final SearchHit second = hit(3, 100);

    private final SearchHit third = hit(5, 30);

    private final SearchHit fourth = hit(1, 20);

    private final SearchHit fifth = hit(7, 10);

    private final List<SearchHit> ranked = List.of(this.first, this.second, this.third, this.fourth, this.fifth);

    @Test
    void keepsTheBestThatFitAndSkipsOneThatWouldOverflow() {
        // 40 fits, 100 would make 140 > 100, 30 → 70, 20 → 90, 10 → 100.
        assertThat(EvidenceBudget.select(this.ranked, 10, 100)).containsExactly(this.first, this.third, this.fourth,
                this.fifth);
    }

    @Test
    void stopsAtTheLimitAndKeepsTheRankOrder() {
        assertThat(EvidenceBudget.select(this.ranked, 2, 1000)).containsExactly(this.first, this.second);
    }

    @Test
    void anExactFitIsKept() {
        assertThat(EvidenceBudget.select(this.ranked, 10, 40)).containsExactly(this.first);
    }

    @Test
    void nothingFitsAZeroBudget() {
        assertThat(EvidenceBudget.select(this.ranked, 10, 0)).isEmpty();
        assertThat(EvidenceBudget.select(List.of(), 10, 100)).isEmpty();
    }

    private static SearchHit hit(long sequence, int tokens) {
        return new SearchHit(UUID.randomUUID(), "turn", "Caroline", "text " + sequence, 1.0 / sequence,
                List.of("D1:" + sequence), List.of(UUID.randomUUID()), sequence, sequence, Instant.EPOCH, tokens);
    }

}
