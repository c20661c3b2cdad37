package dev.skein.memory.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.MemoryStream;
import dev.skein.platform.web.Problems;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes one memory of a conversation. A turn's memory is its message: the message goes
 * (so flash memory and the transcript no longer hold it), with its salience and key
 * phrases, and so do the windows, summaries and facts built from it, which would quote
 * it. A window, summary or fact goes alone.
 */
@Component
public class MemoryEdits {

    private final JdbcClient jdbc;

    private final MemoryStream stream;

    MemoryEdits(JdbcClient jdbc, MemoryStream stream) {
        this.jdbc = jdbc;
        this.stream = stream;
    }

    /**
     * @return the ids of every memory removed, for the index
     */
    @Transactional
    public List<UUID> delete(String tenantId, String conversationId, UUID memoryId) {
        Conversation conversation = this.stream.existing(tenantId, conversationId);
        // the conversation's row lock orders this with a turn that builds a window now
        this.jdbc.sql("SELECT uid FROM conversations WHERE uid = :uid FOR UPDATE")
            .param("uid", conversation.uid())
            .query(UUID.class)
            .single();
        List<UUID> removed = new ArrayList<>();
        int messages = this.jdbc.sql("DELETE FROM messages WHERE conversation_uid = :uid AND id = :id")
            .param("uid", conversation.uid())
            .param("id", memoryId)
            .update();
        if (messages == 1) {
            removed.add(memoryId);
            this.jdbc.sql("DELETE FROM memory_salience WHERE conversation_uid = :uid AND memory_id = :id")
                .param("uid", conversation.uid())
                .param("id", memoryId)
                .update();
            this.jdbc.sql("DELETE FROM memory_key_phrases WHERE conversation_uid = :uid AND memory_id = :id")
                .param("uid", conversation.uid())
                .param("id", memoryId)
                .update();
            removed.addAll(this.jdbc
                .sql("DELETE FROM memories WHERE conversation_uid = :uid AND :id = ANY(message_ids) RETURNING id")
                .param("uid", conversation.uid())
                .param("id", memoryId)
                .query(UUID.class)
                .list());
            return removed;
        }
        removed.addAll(this.jdbc.sql("DELETE FROM memories WHERE conversation_uid = :uid AND id = :id RETURNING id")
            .param("uid", conversation.uid())
            .param("id", memoryId)
            .query(UUID.class)
            .list());
        if (removed.isEmpty()) {
            throw Problems.notFound("The conversation has no such memory.");
        }
        return removed;
    }

}
