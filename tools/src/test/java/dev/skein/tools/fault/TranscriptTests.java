package dev.skein.tools.fault;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.skein.tools.fault.Transcript.Message;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptTests {

    private final Transcript transcript = new Transcript(List.of(new Message("m1", "user", "turn-0"),
            new Message("m2", "assistant", null), new Message("m3", "user", "turn-1"),
            new Message("m4", "assistant", null), new Message("m5", "assistant", null),
            new Message("m6", "user", "turn-1"), new Message("m7", "user", "turn-2")));

    @Test
    void aSecondCopyOfAnExternalIdIsADuplicate() {
        assertThat(this.transcript.duplicates()).isEqualTo(1);
        assertThat(this.transcript.copies()).containsEntry("turn-1", 2).containsEntry("turn-0", 1);
    }

    @Test
    void anAcknowledgedExternalIdThatIsNotStoredIsLost() {
        assertThat(this.transcript.lost(Set.of("turn-0", "turn-2", "turn-3", "turn-4"))).isEqualTo(2);
    }

    @Test
    void repliesAreCountedUpToTheNextUserMessage() {
        assertThat(this.transcript.repliesPerTurn()).containsExactly(1, 2, 0, 0);
    }

}
