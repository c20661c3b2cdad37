package dev.skein.retrieval.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunsTests {

    /**
     * The index's turns, by sequence: "D1:n" said at sequence n; memory id = message id.
     */
    private final Map<Long, SearchHit> index = new HashMap<>();

    RunsTests() {
        for (long n = 1; n <= 12; n++) {
            UUID id = UUID.randomUUID();
            this.index.put(n, new SearchHit(id, "turn", n % 2 == 0 ? "Bob" : "Ana", "line " + n, 0, List.of("D1:" + n),
                    List.of(id), n, n, Instant.EPOCH.plusSeconds(n), 5));
        }
    }

    @Test
    void aTurnAndTheExcerptAroundItBecomeOneRunInOrderAtTheBestRank() {
        SearchHit turn = turn(3.0, 3);
        SearchHit far = turn(2.0, 9);
        SearchHit excerpt = excerpt(1.0, 2, 4);

        List<SearchHit> merged = merge(List.of(turn, far, excerpt));

        assertThat(merged).hasSize(2);
        SearchHit run = merged.get(0);
        assertThat(run.kind()).isEqualTo(Excerpts.KIND);
        assertThat(run.text()).isEqualTo("Bob: line 2\nAna: line 3\nBob: line 4");
        assertThat(run.externalIds()).containsExactly("D1:2", "D1:3", "D1:4");
        assertThat(run.firstSequence()).isEqualTo(2);
        assertThat(run.lastSequence()).isEqualTo(4);
        assertThat(run.score()).isEqualTo(3.0);
        assertThat(run.memoryId()).isEqualTo(turn.memoryId());
        assertThat(run.createdAt()).isEqualTo(Instant.EPOCH.plusSeconds(4));
        assertThat(run.tokenCount()).isEqualTo(18);
        assertThat(merged.get(1)).isEqualTo(far);
    }

    @Test
    void adjacentTurnsMergeButATurnNotChosenIsNotAdded() {
        SearchHit five = turn(1.0, 5);
        SearchHit six = turn(2.0, 6);
        SearchHit eight = turn(0.5, 8);

        List<SearchHit> merged = merge(List.of(six, five, eight));

        // 5-6 touch, 8 is two away from 6 (one message between may be an unindexed reply)
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).text()).isEqualTo("Ana: line 5\nBob: line 6\nBob: line 8");
        assertThat(merged.get(0).externalIds()).doesNotContain("D1:7");
    }

    @Test
    void partsThatDoNotTouchAndSummariesStayAsTheyAre() {
        SearchHit two = turn(3.0, 2);
        SearchHit summary = new SearchHit(UUID.randomUUID(), "summary", null, "Ana: line 1", 2.0, List.of("D1:1"),
                List.of(), 1, 12, Instant.EPOCH, 5);
        SearchHit ten = turn(1.0, 10);

        assertThat(merge(List.of(two, summary, ten))).containsExactly(two, summary, ten);
    }

    private List<SearchHit> merge(List<SearchHit> chosen) {
        return Runs.merge(chosen, sequences -> {
            Map<Long, SearchHit> turns = new HashMap<>();
            sequences.forEach(n -> turns.put(n, this.index.get(n)));
            return turns;
        });
    }

    private SearchHit turn(double score, long n) {
        return this.index.get(n).withScore(score);
    }

    /** A window cut to its first and last turn (its middle turn shown elsewhere). */
    private SearchHit excerpt(double score, long first, long last) {
        List<String> ids = new ArrayList<>();
        List<UUID> messages = new ArrayList<>();
        for (long n : new long[] { first, last }) {
            ids.addAll(this.index.get(n).externalIds());
            messages.addAll(this.index.get(n).messageIds());
        }
        return new SearchHit(UUID.randomUUID(), Excerpts.KIND, null, "excerpt", score, ids, messages, first, last,
                Instant.EPOCH.plusSeconds(last), 10);
    }

}
