package dev.skein.retrieval.indexing;

import java.util.Collection;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Transaction-scoped advisory locks per conversation incarnation. Indexing and erasure of
 * the same conversation take the same lock, so an erasure can never miss chunks that an
 * indexing transaction is about to commit, and indexing always sees a committed erasure.
 * <p>
 * The announcement of an import (a watermark row, no chunk) takes a lock of its own
 * ({@link #lockImports}), which erasure takes too: the chats' consumer that reads it must
 * not wait for the import's consumer, which holds the conversation's lock while it writes
 * hundreds of the import's chunks. Both write the watermark row, whose row lock orders
 * them.
 */
public final class ConversationLocks {

    private ConversationLocks() {
    }

    /**
     * Must run inside a transaction; locks in a fixed order so that two batches cannot
     * deadlock.
     */
    public static void lock(JdbcTemplate jdbc, Collection<UUID> conversationUids) {
        lock(jdbc, conversationUids, "");
    }

    /**
     * The lock of the conversations' import announcements; taken after
     * {@link #lock(JdbcTemplate, Collection)} by a transaction that takes both.
     */
    public static void lockImports(JdbcTemplate jdbc, Collection<UUID> conversationUids) {
        lock(jdbc, conversationUids, "imports:");
    }

    private static void lock(JdbcTemplate jdbc, Collection<UUID> conversationUids, String prefix) {
        for (UUID uid : new TreeSet<>(conversationUids)) {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", prefix + uid);
        }
    }

}
