package dev.skein.memory.salience;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.skein.contracts.MemorySuperseded;
import dev.skein.memory.inbox.ProcessedEvents;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.ConversationStore;

/**
 * Knowledge updates the retrieval-service found by meaning ({@link MemorySuperseded}): "I
 * moved to Lisbon." after "I live in Berlin." shares no key phrase, so this service's
 * lexical rule ({@link Salience}) cannot see it, but the view and a user's durable facts
 * read the marks from here. The older turns are marked "possibly superseded" by the newer
 * one at its turn, exactly as a lexical mark, under the conversation's row lock (appends,
 * replies and corrections write salience under it too, so no mark is lost to a concurrent
 * rewrite of the row). Idempotent: a redelivered event changes nothing, and a mark by a
 * newer statement is never replaced by one of an older statement.
 */
@Service
public class UpdatesFoundByMeaning {

    private static final Logger log = LoggerFactory.getLogger(UpdatesFoundByMeaning.class);

    private final ProcessedEvents processed;

    private final ConversationStore conversations;

    private final JdbcClient jdbc;

    UpdatesFoundByMeaning(ProcessedEvents processed, ConversationStore conversations, JdbcClient jdbc) {
        this.processed = processed;
        this.conversations = conversations;
        this.jdbc = jdbc;
    }

    /**
     * @return how many older turns it marked now
     */
    @Transactional
    public int on(MemorySuperseded event) {
        if (event.supersedes().isEmpty() || !this.processed.firstTime(event.eventId())) {
            return 0;
        }
        Optional<Conversation> locked = this.conversations.lock(event.tenantId(), event.conversationId());
        if (locked.isEmpty() || !locked.get().uid().equals(event.conversationUid())) {
            // erased (or erased and re-created) since the index found it
            log.debug("Update {} of a deleted conversation dropped", event.memoryId());
            return 0;
        }
        UUID uid = event.conversationUid();
        Optional<Long> sequence = this.jdbc
            .sql("SELECT sequence FROM messages WHERE conversation_uid = :uid AND id = :id")
            .param("uid", uid)
            .param("id", event.memoryId())
            .query(Long.class)
            .optional();
        if (sequence.isEmpty()) {
            log.debug("Update {} is no longer a message of its conversation; dropped", event.memoryId());
            return 0;
        }
        // the newer turn's number on the user-turn clock, as the lexical rule records it:
        // the user messages up to it
        long turn = this.jdbc.sql(
                "SELECT count(*) FROM messages WHERE conversation_uid = :uid AND role = 'user' AND sequence <= :sequence")
            .param("uid", uid)
            .param("sequence", sequence.get())
            .query(Long.class)
            .single();
        return this.jdbc.sql("""
                UPDATE memory_salience s SET superseded_by = :newer, superseded_turn = :turn
                WHERE s.conversation_uid = :uid AND s.memory_id = ANY(:older) AND s.sequence < :sequence
                  AND s.superseded_by IS DISTINCT FROM :newer
                  AND (s.superseded_by IS NULL OR coalesce((SELECT m.sequence FROM messages m
                        WHERE m.conversation_uid = :uid AND m.id = s.superseded_by), -1) < :sequence)""")
            .param("newer", event.memoryId())
            .param("turn", turn)
            .param("uid", uid)
            .param("older", new SqlArrayValue("uuid", event.supersedes().toArray()))
            .param("sequence", sequence.get())
            .update();
    }

}
