package dev.skein.retrieval.erasure;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.skein.retrieval.indexing.ConversationLocks;
import dev.skein.retrieval.search.ConversationSpeakers;
import dev.skein.retrieval.search.QueryEmbeddings;

/**
 * Erases a conversation from the index and remembers its incarnation id, so that index
 * events still in flight for it are dropped when they arrive. Idempotent.
 */
@Component
public class ConversationEraser {

    private static final Logger log = LoggerFactory.getLogger(ConversationEraser.class);

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final ConversationSpeakers speakers;

    private final QueryEmbeddings queryEmbeddings;

    ConversationEraser(JdbcTemplate jdbc, TransactionTemplate transactions, ConversationSpeakers speakers,
            QueryEmbeddings queryEmbeddings) {
        this.queryEmbeddings = queryEmbeddings;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.speakers = speakers;
    }

    /**
     * @param conversationUid the incarnation to erase; a conversation deleted and created
     * again gets a new one, whose chunks an erasure of the old one must not touch. When
     * null, every incarnation the index knows of the conversation is erased.
     * @return chunks deleted
     */
    public int erase(String tenantId, String conversationId, UUID conversationUid) {
        Integer deleted = this.transactions.execute(status -> {
            Set<UUID> uids = new LinkedHashSet<>();
            if (conversationUid != null) {
                uids.add(conversationUid);
            }
            else {
                uids.addAll(this.jdbc.queryForList("""
                        SELECT conversation_uid FROM index_watermarks WHERE tenant_id = ? AND conversation_id = ?
                        UNION
                        SELECT DISTINCT conversation_uid FROM memory_chunks WHERE tenant_id = ? AND conversation_id = ?
                        UNION
                        SELECT conversation_uid FROM conversation_salience WHERE tenant_id = ? AND conversation_id = ?
                        """, UUID.class, tenantId, conversationId, tenantId, conversationId, tenantId, conversationId));
            }
            ConversationLocks.lock(this.jdbc, uids);
            ConversationLocks.lockImports(this.jdbc, uids);
            int rows = 0;
            for (UUID uid : uids) {
                this.jdbc.update("""
                        INSERT INTO erased_conversations (conversation_uid, tenant_id, conversation_id)
                        VALUES (?, ?, ?) ON CONFLICT (conversation_uid) DO NOTHING
                        """, uid, tenantId, conversationId);
                rows += this.jdbc.update("""
                        DELETE FROM memory_chunks
                        WHERE tenant_id = ? AND conversation_id = ? AND conversation_uid = ?
                        """, tenantId, conversationId, uid);
                // the erased incarnation refuses every event anyway: its tombstones go
                this.jdbc.update("DELETE FROM deleted_messages WHERE conversation_uid = ?", uid);
                this.jdbc.update("DELETE FROM corrected_messages WHERE conversation_uid = ?", uid);
                this.jdbc.update("DELETE FROM conversation_salience WHERE conversation_uid = ?", uid);
                this.jdbc.update("""
                        DELETE FROM index_watermarks
                        WHERE tenant_id = ? AND conversation_id = ? AND conversation_uid = ?
                        """, tenantId, conversationId, uid);
            }
            return rows;
        });
        this.speakers.forget(tenantId, conversationId);
        this.queryEmbeddings.forget(tenantId, conversationId);
        log.info("Erased conversation {} of tenant {} ({} chunks)", conversationId, tenantId, deleted);
        return deleted == null ? 0 : deleted;
    }

}
