package dev.skein.retrieval.indexing;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.internal.MemoryIds;

/**
 * Drops the memories the memory-service deleted, and remembers the deleted messages
 * ({@code deleted_messages}) so that no event still holding one is indexed afterwards.
 * The memory-service removes every window, summary and fact of a deleted turn in the
 * transaction that deletes it, but their {@code memory-recorded} events may still be in
 * its outbox or in a batch being embedded here: without the tombstone, such a summary
 * would come back after the drop, still listing the deleted turn. The drop and the
 * indexer's write take the conversation's lock, so one of them always sees the other.
 */
@Component
public class MemoryDeletions {

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    MemoryDeletions(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Drops the memories, and every chunk holding a deleted message; idempotent. */
    public void drop(String tenantId, String conversationId, MemoryIds ids) {
        if (ids.memoryIds().isEmpty() && ids.deletedMessageIds().isEmpty()) {
            return;
        }
        this.transactions.executeWithoutResult(status -> {
            List<UUID> messages = ids.conversationUid() == null ? List.of() : ids.deletedMessageIds();
            if (!messages.isEmpty()) {
                ConversationLocks.lock(this.jdbc, List.of(ids.conversationUid()));
                for (UUID message : messages) {
                    this.jdbc.update("""
                            INSERT INTO deleted_messages (conversation_uid, message_id, tenant_id, conversation_id)
                            VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""", ids.conversationUid(), message, tenantId,
                            conversationId);
                }
            }
            this.jdbc.update("""
                    DELETE FROM memory_chunks WHERE tenant_id = ? AND conversation_id = ?
                      AND (memory_id = ANY(?) OR message_ids && ?)""", tenantId, conversationId,
                    new SqlArrayValue("uuid", ids.memoryIds().toArray()),
                    new SqlArrayValue("uuid", messages.toArray()));
        });
    }

    /**
     * The deleted messages of these conversations; the caller holds their locks.
     */
    static Map<UUID, Set<UUID>> deletedMessages(JdbcTemplate jdbc, Collection<UUID> conversationUids) {
        Map<UUID, Set<UUID>> deleted = new HashMap<>();
        jdbc.query("SELECT conversation_uid, message_id FROM deleted_messages WHERE conversation_uid = ANY(?)",
                (rs) -> {
                    deleted.computeIfAbsent(rs.getObject(1, UUID.class), (uid) -> new HashSet<>())
                        .add(rs.getObject(2, UUID.class));
                }, new SqlArrayValue("uuid", conversationUids.toArray()));
        return deleted;
    }

    /** Whether the event is a deleted message or holds one. */
    static boolean holdsDeleted(MemoryRecorded event, Map<UUID, Set<UUID>> deleted) {
        Set<UUID> messages = deleted.get(event.conversationUid());
        if (messages == null) {
            return false;
        }
        if (messages.contains(event.memoryId())) {
            return true;
        }
        return event.messageIds() != null && event.messageIds().stream().anyMatch(messages::contains);
    }

}
