package dev.skein.retrieval.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class KnowledgeUpdatesTests {

    @Test
    void aLowerRankedUpdateMovesRightAboveWhatItUpdatesWithItsScore() {
        SearchHit other = hit(9, 3.0);
        SearchHit berlin = hit(2, 2.0);
        SearchHit filler = hit(5, 1.5);
        SearchHit lisbon = hit(7, 0.5);

        List<SearchHit> ranked = KnowledgeUpdates.newerFirst(List.of(other, berlin, filler, lisbon),
                Map.of(berlin.memoryId(), lisbon.memoryId()), Map.of(lisbon.memoryId(), lisbon));

        assertThat(ranked).extracting(SearchHit::lastSequence, SearchHit::score)
            .containsExactly(tuple(9L, 3.0), tuple(7L, 2.0), tuple(2L, 2.0), tuple(5L, 1.5));
    }

    @Test
    void anUpdateThatRanksHigherAlreadyKeepsItsPlace() {
        SearchHit lisbon = hit(7, 3.0);
        SearchHit berlin = hit(2, 2.0);

        List<SearchHit> ranked = KnowledgeUpdates.newerFirst(List.of(lisbon, berlin),
                Map.of(berlin.memoryId(), lisbon.memoryId()), Map.of(lisbon.memoryId(), lisbon));

        assertThat(ranked).containsExactly(lisbon, berlin);
    }

    @Test
    void aFetchedUpdateOfAnUpdateIsPlacedAboveTheChain() {
        SearchHit berlin = hit(2, 2.0);
        SearchHit lisbon = hit(7, 0.0);
        SearchHit porto = hit(11, 0.0);

        List<SearchHit> ranked = KnowledgeUpdates.newerFirst(List.of(berlin),
                Map.of(berlin.memoryId(), lisbon.memoryId(), lisbon.memoryId(), porto.memoryId()),
                Map.of(lisbon.memoryId(), lisbon, porto.memoryId(), porto));

        assertThat(ranked).extracting(SearchHit::lastSequence, SearchHit::score)
            .containsExactly(tuple(11L, 2.0), tuple(7L, 2.0), tuple(2L, 2.0));
    }

    @Test
    void withoutUpdatesTheRankingIsUnchanged() {
        List<SearchHit> ranked = List.of(hit(1, 2.0), hit(2, 1.0));

        assertThat(KnowledgeUpdates.newerFirst(ranked, Map.of(), Map.of())).isSameAs(ranked);
    }

    private static SearchHit hit(long sequence, double score) {
        return new SearchHit(UUID.randomUUID(), "turn", "Caroline", "text " + sequence, score,
                List.of("D1:" + sequence), List.of(UUID.randomUUID()), sequence, sequence, Instant.EPOCH, 10);
    }

}
