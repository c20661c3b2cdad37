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

        assertThat(distinct(List.of(window, turn), 10)).containsExactly(window);
        assertThat(this.looked).isEmpty();
    }

    @Test
    void aWindowBelowATurnItHoldsShowsOnlyItsOtherTurnsInItsOwnRank() {
        SearchHit turn = turn(3.0, 3);
        SearchHit other = turn(2.5, 9);
        SearchHit window = window(2.0, 2, 4);

        List<SearchHit> distinct = distinct(List.of(turn, other, window), 10);

        assertThat(distinct).hasSize(3);
        assertThat(distinct.get(0)).isEqualTo(turn);
        assertThat(distinct.get(1)).isEqualTo(other);
        SearchHit cut = distinct.get(2);
        assertThat(cut.kind()).isEqualTo(Excerpts.KIND);
        assertThat(cut.text()).isEqualTo("Bob: line 2\nBob: line 4");
        assertThat(cut.externalIds()).containsExactly("D1:2", "D1:4");
        assertThat(cut.score()).isEqualTo(2.0);
        assertThat(cut.memoryId()).isEqualTo(window.memoryId());
        assertThat(cut.tokenCount()).isEqualTo(12);
        assertThat(this.looked).containsExactly(2L, 4L);
    }

    @Test
    void overlappingWindowsShowEachTurnOnce() {
        SearchHit first = window(3.0, 2, 4);
        SearchHit overlapping = window(1.5, 4, 6);

        List<SearchHit> distinct = distinct(List.of(first, overlapping), 10);

        assertThat(distinct).hasSize(2);
        assertThat(distinct.get(0)).isEqualTo(first);
        assertThat(distinct.get(1).text()).isEqualTo("Ana: line 5\nBob: line 6");
        assertThat(distinct.get(1).firstSequence()).isEqualTo(5);
        assertThat(distinct.get(1).createdAt()).isEqualTo(Instant.EPOCH.plusSeconds(6));
    }

    @Test
    void aSummaryIsKeptOnlyForTurnsNotShownYet() {
        SearchHit window = window(3.0, 2, 4);
        SearchHit shown = summary(2.0, 2, 3);
        SearchHit partlyNew = summary(1.0, 4, 10);
        SearchHit noIds = new SearchHit(UUID.randomUUID(), "summary", null, "s", 0.5, List.of(), List.of(), 1, 1,
                Instant.EPOCH, 1);

        assertThat(distinct(List.of(window, shown, partlyNew, noIds), 10)).containsExactly(window, partlyNew, noIds);
    }

    @Test
    void aSummaryAboveTheTurnsThatShowItAllMakesWayForThem() {
        SearchHit summary = summary(3.0, 2, 3);
        SearchHit turn2 = turn(2.0, 2);
        SearchHit turn3 = turn(1.0, 3);

        assertThat(distinct(List.of(summary, turn2, turn3), 10)).containsExactly(turn2, turn3);
    }

    @Test
    void aSummaryKeepsOnlyTheLinesNoShownTurnSays() {
        SearchHit turn = turn(3.0, 5);
        SearchHit summary = new SearchHit(UUID.randomUUID(), "summary", null,
                "Ana: line 5\nBob: something new\nAna: line 7", 2.0, List.of("D1:5", "D1:6", "D1:7"), List.of(), 5, 7,
                Instant.EPOCH, 30);
        SearchHit all = new SearchHit(UUID.randomUUID(), "summary", null, "Ana: line 5", 1.0, List.of("D1:5", "D1:9"),
                List.of(), 5, 9, Instant.EPOCH, 5);

        List<SearchHit> distinct = distinct(List.of(turn, summary, all), 10);

        assertThat(distinct).hasSize(2);
        assertThat(distinct.get(1).text()).isEqualTo("Bob: something new\nAna: line 7");
        assertThat(distinct.get(1).tokenCount()).isEqualTo(22);
        assertThat(distinct.get(1).externalIds()).containsExactly("D1:5", "D1:6", "D1:7");
    }

    @Test
    void stopsAtTopK() {
        List<SearchHit> ranked = List.of(turn(3, 2), turn(2, 2), turn(1, 7), turn(0, 10));

        assertThat(distinct(ranked, 2)).extracting(SearchHit::score).containsExactly(3.0, 1.0);
    }

    private List<SearchHit> distinct(List<SearchHit> ranked, int topK) {
        return Excerpts.distinct(ranked, topK, sequences -> {
            Map<Long, SearchHit> turns = new HashMap<>();
            for (long n : sequences) {
                this.looked.add(n);
                turns.put(n, this.index.get(n));
            }
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
