package dev.skein.memory.bank;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import dev.skein.memory.stream.StoredMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentsTests {

    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    private static final Duration GAP = Duration.ofHours(2);

    @Test
    void aPauseOverTheGapClosesTheSegmentBeforeTheMessageAfterIt() {
        Segments.Boundaries boundaries = Segments.boundaries(1, message(1, 0),
                List.of(message(2, 10), message(3, 10 + 121), message(4, 10 + 122)), GAP, 40);
        assertThat(boundaries.closing()).containsExactly(new Segments.Range(1, 2));
        assertThat(boundaries.start()).isEqualTo(3);
    }

    @Test
    void aSegmentClosesAtItsMostTurnsWithTheMessageThatFillsIt() {
        List<StoredMessage> fresh = LongStream.rangeClosed(1, 7).mapToObj(s -> message(s, s)).toList();
        Segments.Boundaries boundaries = Segments.boundaries(1, null, fresh, GAP, 3);
        assertThat(boundaries.closing()).containsExactly(new Segments.Range(1, 3), new Segments.Range(4, 6));
        assertThat(boundaries.start()).isEqualTo(7);
    }

    @Test
    void withoutTheMessageBeforeNoBreakIsSeenAtTheFirstFreshOne() {
        Segments.Boundaries boundaries = Segments.boundaries(1, null, List.of(message(5, 1_000)), GAP, 40);
        assertThat(boundaries.closing()).isEmpty();
        assertThat(boundaries.start()).isEqualTo(1);
    }

    @Test
    void theConversationSummaryIsDueOnceWhenTheClosedCountPassesAMultipleOfTheFanout() {
        assertThat(new Segments.Progress(3, 4).crossed(4)).isTrue();
        assertThat(new Segments.Progress(3, 9).crossed(4)).isTrue();
        assertThat(new Segments.Progress(4, 7).crossed(4)).isFalse();
        assertThat(new Segments.Progress(4, 4).crossed(4)).isFalse();
    }

    private static StoredMessage message(long sequence, long minutes) {
        Instant at = T.plus(Duration.ofMinutes(minutes));
        return new StoredMessage(UUID.randomUUID(), UUID.randomUUID(), sequence, "user", "Ann", "text " + sequence,
                null, at, at, 2, null);
    }

}
