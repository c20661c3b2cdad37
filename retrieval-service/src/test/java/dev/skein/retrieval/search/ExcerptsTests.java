package dev.skein.retrieval.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExcerptsTests {

    /** The index's turns, by sequence: "D1:n" said at sequence n. */
    private final Map<Long, SearchHit> index = new HashMap<>();

    private final List<Long> looked = new ArrayList<>();

    ExcerptsTests() {
        for (long n = 1; n <= 12; n++) {
            this.index.put(n, new SearchHit(UUID.randomUUID(), "turn", n % 2 == 0 ? "Bob" : "Ana", "line " + n, 0,
                    List.of("D1:" + n), List.of(UUID.randomUUID()), n, n, Instant.EPOCH.plusSeconds(n), 5));
        }
    }

    @Test
    void aTurnInsideABetterWindowIsShownOnceAsTheWindow() {
        SearchHit window = window(3.0, 2, 4);
        SearchHit turn = turn(2.5, 3);

        List<SearchHit> merged = merge(List.of(window, turn), 10);

        assertThat(merged).containsExactly(window);
        assertThat(this.looked).isEmpty();
    }

    @Test
    void aTurnAboveItsWindowTakesTheWindowsTextAndKeepsItsOwnScore() {
        SearchHit turn = turn(3.0, 3);
        SearchHit window = window(2.0, 2, 4);

        List<SearchHit> merged = merge(List.of(turn, window), 10);

        assertThat(merged).singleElement().satisfies(hit -> {
            assertThat(hit.text()).isEqualTo(window.text());
            assertThat(hit.externalIds()).containsExactly("D1:2", "D1:3", "D1:4");
            assertThat(hit.score()).isEqualTo(3.0);
        });
    }

    @Test
    void overlappingWindowsMergeIntoOneExcerptOfEachTurnOnce() {
        SearchHit first = window(3.0, 2, 4);
        SearchHit other = turn(2.0, 9);
        SearchHit overlapping = window(1.5, 4, 6);

        List<SearchHit> merged = merge(List.of(first, other, overlapping), 10);

        assertThat(merged).hasSize(2);
        SearchHit excerpt = merged.get(0);
        assertThat(excerpt.kind()).isEqualTo(Excerpts.KIND);
        assertThat(excerpt.text()).isEqualTo("Bob: line 2\nAna: line 3\nBob: line 4\nAna: line 5\nBob: line 6");
        assertThat(excerpt.externalIds()).containsExactly("D1:2", "D1:3", "D1:4", "D1:5", "D1:6");
        assertThat(excerpt.firstSequence()).isEqualTo(2);
        assertThat(excerpt.lastSequence()).isEqualTo(6);
        assertThat(excerpt.score()).isEqualTo(3.0);
        assertThat(excerpt.createdAt()).isEqualTo(Instant.EPOCH.plusSeconds(6));
        assertThat(merged.get(1)).isEqualTo(other);
        assertThat(this.looked).containsExactly(2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aWindowBridgingTwoResultsJoinsThemWhereTheBetterRanked() {
        SearchHit a = turn(3.0, 2);
        SearchHit b = turn(2.0, 5);
        SearchHit bridge = window(1.0, 2, 5);

        List<SearchHit> merged = merge(List.of(a, b, bridge), 10);

        assertThat(merged).singleElement().satisfies(hit -> {
            assertThat(hit.externalIds()).containsExactly("D1:2", "D1:3", "D1:4", "D1:5");
            assertThat(hit.score()).isEqualTo(3.0);
        });
    }

    @Test
    void aSummaryIsKeptOnlyForTurnsNotShownYet() {
        SearchHit window = window(3.0, 2, 4);
        SearchHit shown = summary(2.0, 2, 3);
        SearchHit partlyNew = summary(1.0, 4, 10);
        SearchHit noIds = new SearchHit(UUID.randomUUID(), "summary", null, "s", 0.5, List.of(), List.of(), 1, 1,
                Instant.EPOCH, 1);

        assertThat(merge(List.of(window, shown, partlyNew, noIds), 10)).containsExactly(window, partlyNew, noIds);
    }

    @Test
    void aSummaryAboveTheTurnsThatShowItAllMakesWayForThem() {
        SearchHit summary = summary(3.0, 2, 3);
        SearchHit turn2 = turn(2.0, 2);
        SearchHit turn3 = turn(1.0, 3);

        // consecutive turns stay apart (chained, they would swallow a whole stretch)
        assertThat(merge(List.of(summary, turn2, turn3), 10)).containsExactly(turn2, turn3);
    }

    @Test
    void stopsAtTopKButStillMergesIntoWhatIsThere() {
        SearchHit a = turn(3.0, 2);
        SearchHit b = turn(2.0, 7);
        SearchHit c = turn(1.5, 10);
        SearchHit aAgain = window(1.0, 2, 3);

        List<SearchHit> merged = merge(List.of(a, b, c, aAgain), 2);

        assertThat(merged).hasSize(2);
        assertThat(merged.get(0).externalIds()).containsExactly("D1:2", "D1:3");
        assertThat(merged.get(1)).isEqualTo(b);
    }

    private List<SearchHit> merge(List<SearchHit> ranked, int topK) {
        return Excerpts.merge(ranked, topK, runs -> {
            Map<Long, SearchHit> turns = new HashMap<>();
            runs.forEach(run -> {
                for (long n = run.first(); n <= run.last(); n++) {
                    this.looked.add(n);
                    turns.put(n, this.index.get(n));
                }
            });
            return turns;
        });
    }

    private SearchHit turn(double score, long n) {
        return this.index.get(n).withScore(score);
    }

    private SearchHit window(double score, long first, long last) {
        List<String> ids = new ArrayList<>();
        List<UUID> messages = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (long n = first; n <= last; n++) {
            ids.addAll(this.index.get(n).externalIds());
            messages.addAll(this.index.get(n).messageIds());
            text.append(text.length() > 0 ? "\n" : "").append(this.index.get(n).speaker()).append(": line ").append(n);
        }
        return new SearchHit(UUID.randomUUID(), "window", null, text.toString(), score, ids, messages, first, last,
                Instant.EPOCH.plusSeconds(last), 15);
    }

    private static SearchHit summary(double score, long first, long last) {
        List<String> ids = new ArrayList<>();
        for (long n = first; n <= last; n++) {
            ids.add("D1:" + n);
        }
        return new SearchHit(UUID.randomUUID(), "summary", null, "summary", score, ids, List.of(UUID.randomUUID()),
                first, last, Instant.EPOCH, 20);
    }

}
