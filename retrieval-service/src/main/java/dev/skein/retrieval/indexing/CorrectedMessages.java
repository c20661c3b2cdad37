package dev.skein.retrieval.indexing;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;

import dev.skein.contracts.MemoryRecorded;

/**
 * Turns whose text was corrected ({@code corrected_messages}), with the revision of the
 * correction on the conversation's edit clock ({@link MemoryRecorded#revision()}). The
 * memory-service deletes a corrected turn's windows and summaries in the transaction that
 * corrects it, and the gateway has the index re-embed the turn and drop them; but a
 * window or summary of the old text may still be in the memory-service's outbox or in a
 * batch being embedded here. It holds the turn and was built at an older revision, so it
 * is refused when it arrives, as is the turn's own older event: the correction wins, as a
 * deletion does ({@link MemoryDeletions}). One built after the correction carries its
 * revision or a later one and is indexed. The corrected turn's own event records the
 * revision, in the indexer's write under the conversation's lock, so the gateway
 * re-indexes the turn before it drops the old roll-ups.
 */
final class CorrectedMessages {

    private CorrectedMessages() {
    }

    /** message id → revision of its last correction, per conversation; under its lock. */
    static Map<UUID, Map<UUID, Long>> revisions(JdbcTemplate jdbc, Collection<UUID> conversationUids) {
        Map<UUID, Map<UUID, Long>> corrected = new HashMap<>();
        jdbc.query(
                "SELECT conversation_uid, message_id, revision FROM corrected_messages WHERE conversation_uid = ANY(?)",
                (rs) -> {
                    corrected.computeIfAbsent(rs.getObject(1, UUID.class), (uid) -> new HashMap<>())
                        .put(rs.getObject(2, UUID.class), rs.getLong(3));
                }, new SqlArrayValue("uuid", conversationUids.toArray()));
        return corrected;
    }

    /**
     * Records the corrections these events carry (a turn at a revision above 0 is a
     * corrected text), into the table and into {@code corrected}, before the events are
     * checked: a roll-up of the old text in the same batch is refused too.
     */
    static void record(JdbcTemplate jdbc, List<MemoryRecorded> events, Map<UUID, Map<UUID, Long>> corrected) {
        for (MemoryRecorded event : events) {
            boolean turn = event.kind() == null || event.kind().isBlank() || "turn".equals(event.kind());
            if (event.revision() <= 0 || !turn || isStale(event, corrected)) {
                continue;
            }
            // a turn's message (the memory-service gives a turn its message's id)
            List<UUID> messages = event.messageIds() == null || event.messageIds().isEmpty() ? List.of(event.memoryId())
                    : event.messageIds();
            for (UUID message : messages) {
                corrected.computeIfAbsent(event.conversationUid(), (uid) -> new HashMap<>())
                    .merge(message, event.revision(), Math::max);
                jdbc.update(
                        """
                                INSERT INTO corrected_messages (conversation_uid, message_id, revision, tenant_id, conversation_id)
                                VALUES (?, ?, ?, ?, ?)
                                ON CONFLICT (conversation_uid, message_id) DO UPDATE
                                SET revision = greatest(corrected_messages.revision, EXCLUDED.revision), corrected_at = now()""",
                        event.conversationUid(), message, event.revision(), event.tenantId(), event.conversationId());
            }
        }
    }

    /**
     * Whether the event is, or holds, a corrected turn and was built before its
     * correction.
     */
    static boolean isStale(MemoryRecorded event, Map<UUID, Map<UUID, Long>> corrected) {
        Map<UUID, Long> revisions = corrected.get(event.conversationUid());
        if (revisions == null) {
            return false;
        }
        if (revisions.getOrDefault(event.memoryId(), 0L) > event.revision()) {
            return true;
        }
        return event.messageIds() != null && event.messageIds()
            .stream()
            .anyMatch((message) -> revisions.getOrDefault(message, 0L) > event.revision());
    }

}
