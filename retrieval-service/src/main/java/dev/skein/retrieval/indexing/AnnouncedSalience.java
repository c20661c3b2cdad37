package dev.skein.retrieval.indexing;

import java.util.List;

import dev.skein.contracts.SalienceChanged;
import dev.skein.contracts.SalientMemory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The salient memories the memory-service announces after each change to them
 * ({@link SalienceChanged}), kept per conversation incarnation in
 * {@code conversation_salience}: a search reads them with the index's state
 * ({@link IndexWatermarks}) instead of asking the memory-service. Only a newer version
 * replaces them, so a redelivered or late event changes nothing; an erased incarnation's
 * are refused, under the lock its erasure takes.
 */
@Component
public class AnnouncedSalience {

    private final JdbcTemplate jdbc;

    AnnouncedSalience(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @return whether the event's list is now the one kept
     */
    @Transactional
    public boolean keep(SalienceChanged event) {
        ConversationLocks.lock(this.jdbc, List.of(event.conversationUid()));
        List<SalientMemory> salient = event.salient();
        return this.jdbc.update("""
                INSERT INTO conversation_salience (conversation_uid, tenant_id, conversation_id, sequence, edits,
                                                   memory_ids, saliences)
                SELECT ?, ?, ?, ?, ?, ?, ?
                 WHERE NOT EXISTS (SELECT 1 FROM erased_conversations WHERE conversation_uid = ?)
                ON CONFLICT (conversation_uid) DO UPDATE
                   SET sequence = EXCLUDED.sequence, edits = EXCLUDED.edits, memory_ids = EXCLUDED.memory_ids,
                       saliences = EXCLUDED.saliences, updated_at = now()
                 WHERE (conversation_salience.sequence, conversation_salience.edits)
                       < (EXCLUDED.sequence, EXCLUDED.edits)
                """, event.conversationUid(), event.tenantId(), event.conversationId(), event.sequence(), event.edits(),
                new SqlArrayValue("uuid", salient.stream().map(SalientMemory::memoryId).toArray()),
                new SqlArrayValue("float8", salient.stream().map(SalientMemory::salience).toArray()),
                event.conversationUid()) == 1;
    }

}
