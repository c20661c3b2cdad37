package dev.skein.retrieval.indexing;

import java.util.Collection;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Transaction-scoped advisory locks per conversation incarnation. Indexing and erasure of
 * the same conversation take the same lock, so an erasure can never miss chunks that an
 * indexing transaction is about to commit, and indexing always sees a committed erasure.
 */
public final class ConversationLocks {

    private ConversationLocks() {
    }

    /**
     * Must run inside a transaction; locks in a fixed order so that two batches cannot
     * deadlock.
     */
    public static void lock(JdbcTemplate jdbc, Collection<UUID> conversationUids) {
        for (UUID uid : new TreeSet<>(conversationUids)) {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", uid.toString());
        }
    }

}
