package dev.skein.memory.stream;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A conversation's edit clock ({@code conversations.edits}): each correction of a turn's
 * text takes the next number (so do a pin and a deleted turn, which change the salient
 * memories without moving the stream's head), and every memory event carries the clock it
 * was built at ({@code MemoryRecorded.revision}), so the index can tell a window or
 * summary built from a turn's old text from one built after its correction, without
 * comparing wall clocks across services. Read and advanced under the conversation's row
 * lock, which appends and corrections both hold.
 */
@Component
public class EditClock {

    private final JdbcClient jdbc;

    EditClock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The clock now, as the statement that read the conversation under its row lock
     * returned it, or read again when that statement did not.
     */
    public long current(Conversation conversation) {
        return conversation.marks() != null ? conversation.marks().edits() : current(conversation.uid());
    }

    /** The clock now; the caller holds the conversation's row lock. */
    public long current(UUID conversationUid) {
        return this.jdbc.sql("SELECT edits FROM conversations WHERE uid = :uid")
            .param("uid", conversationUid)
            .query(Long.class)
            .optional()
            .orElse(0L);
    }

    /**
     * Takes the next number for a correction, a pin or a deleted turn; the caller holds
     * the row lock.
     */
    public long advance(UUID conversationUid) {
        return this.jdbc.sql("UPDATE conversations SET edits = edits + 1 WHERE uid = :uid RETURNING edits")
            .param("uid", conversationUid)
            .query(Long.class)
            .single();
    }

}
