package dev.skein.retrieval.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnTextsTests {

    /** The sequences of each look-up, in order. */
    private final List<List<Long>> lookUps = new ArrayList<>();

    /** The index: turns 1 to 6, but 4 (an extractive reply is not indexed). */
    private final TurnTexts turns = new TurnTexts(sequences -> {
        this.lookUps.add(List.copyOf(sequences));
        Map<Long, SearchHit> found = new HashMap<>();
        sequences.stream().filter(s -> s != 4 && s <= 6).forEach(s -> found.put(s, turn(s, 0)));
        return found;
    });

    @Test
    void aSequenceIsLookedUpOnceFoundOrNot() {
        assertThat(this.turns.of(List.of(2L, 3L, 4L)).keySet()).containsExactlyInAnyOrder(2L, 3L);
        assertThat(this.turns.of(List.of(3L, 4L, 5L)).keySet()).containsExactlyInAnyOrder(3L, 5L);
        assertThat(this.turns.of(List.of(2L, 4L, 5L))).hasSize(2);

        assertThat(this.lookUps).containsExactly(List.of(2L, 3L, 4L), List.of(5L));
    }

    @Test
    void turnsAmongASearchsRowsAreNotLookedUp() {
        SearchHit window = new SearchHit(UUID.randomUUID(), "window", null, "a window", 1.5, List.of(), List.of(), 1, 3,
                Instant.EPOCH, 9);
        this.turns.add(List.of(turn(1, 2.5), window, turn(3, 1.2)));

        Map<Long, SearchHit> found = this.turns.of(List.of(1L, 2L, 3L, 4L));

        assertThat(found.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(found.get(1L).score()).as("a turn as a look-up reads it, without the hit's score").isZero();
        assertThat(this.lookUps).as("not the window's range, only what is not known").containsExactly(List.of(2L, 4L));
    }

    private static SearchHit turn(long sequence, double score) {
        return new SearchHit(new UUID(0, sequence), "turn", "Ana", "turn " + sequence, score, List.of("D1:" + sequence),
                List.of(), sequence, sequence, Instant.EPOCH, 3);
    }

}
