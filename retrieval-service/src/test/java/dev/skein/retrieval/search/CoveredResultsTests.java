package dev.skein.retrieval.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoveredResultsTests {

    @Test
    void aResultWhoseTurnsAreAllInBetterResultsIsDropped() {
        SearchHit window = hit("window", 3.0, "D1:2", "D1:3", "D1:4");
        SearchHit coveredTurn = hit("turn", 2.5, "D1:3");
        SearchHit otherTurn = hit("turn", 2.0, "D1:9");
        SearchHit summary = hit("summary", 1.5, "D1:2", "D1:9");
        SearchHit partlyNew = hit("window", 1.0, "D1:4", "D1:5");
        SearchHit noIds = hit("turn", 0.5);

        assertThat(MemorySearch.withoutCovered(List.of(window, coveredTurn, otherTurn, summary, partlyNew, noIds), 10))
            .containsExactly(window, otherTurn, partlyNew, noIds);
    }

    @Test
    void aTurnAboveItsWindowKeepsBoth() {
        SearchHit turn = hit("turn", 3.0, "D1:3");
        SearchHit window = hit("window", 2.0, "D1:2", "D1:3");

        assertThat(MemorySearch.withoutCovered(List.of(turn, window), 10)).containsExactly(turn, window);
    }

    @Test
    void stopsAtTopK() {
        List<SearchHit> ranked = List.of(hit("turn", 3, "a"), hit("turn", 2, "a"), hit("turn", 1, "b"),
                hit("turn", 0, "c"));

        assertThat(MemorySearch.withoutCovered(ranked, 2)).extracting(SearchHit::score).containsExactly(3.0, 1.0);
    }

    private static SearchHit hit(String kind, double score, String... externalIds) {
        return new SearchHit(UUID.randomUUID(), kind, null, kind, score, List.of(externalIds), List.of(), 1, 1,
                Instant.EPOCH, 1);
    }

}
