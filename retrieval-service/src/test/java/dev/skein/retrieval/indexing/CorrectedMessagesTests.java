package dev.skein.retrieval.indexing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.skein.contracts.MemoryRecorded;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The correction rule: an event that is or holds a corrected turn is stale when it was
 * built at a lower revision than the correction, and only then.
 */
class CorrectedMessagesTests {

    private static final UUID CONVERSATION = UUID.randomUUID();

    private static final UUID CORRECTED = UUID.randomUUID();

    private static final UUID OTHER = UUID.randomUUID();

    private static final Map<UUID, Map<UUID, Long>> AT_REVISION_2 = Map.of(CONVERSATION, Map.of(CORRECTED, 2L));

    @Test
    void aRollUpHoldingTheCorrectedTurnIsStaleOnlyBelowTheCorrectionsRevision() {
        assertThat(CorrectedMessages.isStale(memory("summary", List.of(OTHER, CORRECTED), 0), AT_REVISION_2)).isTrue();
        assertThat(CorrectedMessages.isStale(memory("window", List.of(CORRECTED), 1), AT_REVISION_2)).isTrue();
        assertThat(CorrectedMessages.isStale(memory("window", List.of(CORRECTED), 2), AT_REVISION_2)).isFalse();
        assertThat(CorrectedMessages.isStale(memory("summary", List.of(CORRECTED), 3), AT_REVISION_2)).isFalse();
    }

    @Test
    void theTurnsOwnOlderTextIsStaleAndOtherTurnsAndConversationsAreNot() {
        assertThat(CorrectedMessages.isStale(memory("turn", List.of(CORRECTED), 1), AT_REVISION_2)).isTrue();
        assertThat(CorrectedMessages.isStale(memory("turn", List.of(OTHER), 0), AT_REVISION_2)).isFalse();
        MemoryRecorded elsewhere = new MemoryRecorded(UUID.randomUUID(), Instant.EPOCH, "t", "c", UUID.randomUUID(),
                UUID.randomUUID(), "summary", null, null, "text", List.of(CORRECTED), List.of(), 1, 2, Instant.EPOCH,
                List.of(), List.of(), 0);
        assertThat(CorrectedMessages.isStale(elsewhere, AT_REVISION_2)).isFalse();
    }

    private static MemoryRecorded memory(String kind, List<UUID> messageIds, long revision) {
        return new MemoryRecorded(UUID.randomUUID(), Instant.EPOCH, "t", "c", CONVERSATION, UUID.randomUUID(), kind,
                null, null, "text", messageIds, List.of(), 1, 2, Instant.EPOCH, List.of(), List.of(), revision);
    }

}
