package dev.skein.tools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IndexingTests {

    private static final long MS = 1_000_000;

    @Test
    void anImportIsSettledAtTheLastChangeOfItsCountNotWhenTheQuietPeriodEnds() {
        Indexing.Settling count = new Indexing.Settling(0, 100);

        assertThat(count.read(250 * MS, 180)).isFalse();
        assertThat(count.read(500 * MS, 240)).isFalse();
        assertThat(count.read(750 * MS, 240)).isFalse();
        assertThat(count.read(2_250 * MS, 240)).isFalse();
        assertThat(count.read(2_500 * MS, 240)).isTrue();
        assertThat(count.changedAt()).isEqualTo(500 * MS);
    }

    @Test
    void aCountThatNeverMovesIsSettledWhenTheTurnsWere() {
        Indexing.Settling count = new Indexing.Settling(7 * MS, 300);

        assertThat(count.read(1_000 * MS, 300)).isFalse();
        assertThat(count.read(2_007 * MS, 300)).isTrue();
        assertThat(count.changedAt()).isEqualTo(7 * MS);
    }

    @Test
    void aChangeAfterAQuietStretchShorterThanTheQuietPeriodStartsItAgain() {
        Indexing.Settling count = new Indexing.Settling(0, 10);

        assertThat(count.read(1_900 * MS, 10)).isFalse();
        assertThat(count.read(2_100 * MS - 1, 12)).isFalse();
        assertThat(count.read(4_000 * MS, 12)).isFalse();
        assertThat(count.read(4_100 * MS, 12)).isTrue();
        assertThat(count.changedAt()).isEqualTo(2_100 * MS - 1);
    }

}
