package dev.skein.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * memory-service → retrieval-service: a conversation's most salient memories as a change
 * left them (a chat turn with its reply, an import, a pin or a deletion), so that a
 * search ranks with them without asking the memory-service: that call was the search's
 * path (docs/perf/turn-path-profile.md, sixteenth round). Decay is counted in turns and
 * the turn clock only moves with a change, so the list stays true until the next one (a
 * chat turn's is announced with its reply). Ids and numbers only, so it travels in clear
 * (like {@link MemorySuperseded}).
 *
 * @param sequence the conversation's stream head when the change committed
 * @param edits its edit clock then (a pin or deletion advances it, not the head):
 * together a version that only grows, so the index keeps the newest list it has seen and
 * a redelivered or late event changes nothing
 * @param salient the memories highest in effective salience now, highest first
 */
public record SalienceChanged(UUID eventId, Instant occurredAt, String tenantId, String conversationId,
        UUID conversationUid, long sequence, long edits, List<SalientMemory> salient) implements SkeinEvent {

    public SalienceChanged {
        salient = salient == null ? List.of() : salient.stream().filter(Objects::nonNull).toList();
    }
}
