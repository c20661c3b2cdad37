package dev.skein.memory.turn;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.Usage;
import dev.skein.memory.MemoryProperties;
import dev.skein.memory.jdbc.PendingWrites;
import dev.skein.memory.stream.Times;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * The {@code turns} table: each turn's state and outcome, so a turn sent again is
 * answered with what the first one produced. Written in the transactions of the turn
 * handlers (under the conversation's row lock), kept for
 * {@code skein.memory.turn-retention}.
 */
@Repository
class TurnOutcomes {

    private static final Logger log = LoggerFactory.getLogger(TurnOutcomes.class);

    private static final TypeReference<List<Evidence>> EVIDENCE = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    private final PendingWrites pending;

    private final JsonMapper json;

    private final MemoryProperties properties;

    TurnOutcomes(JdbcClient jdbc, PendingWrites pending, JsonMapper json, MemoryProperties properties) {
        this.pending = pending;
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
    }

    Optional<TurnOutcome> find(UUID turnId) {
        return this.jdbc.sql("""
                SELECT turn_id, conversation_uid, message_id, state, requested_at, reply_id, generated_by,
                       evidence, usage
                  FROM turns WHERE turn_id = :turnId""").param("turnId", turnId).query(this::map).optional();
    }

    /**
     * The turn is under way again (or for the first time); a former outcome is gone.
     * Written with the transaction's next statement ({@link PendingWrites}).
     */
    void requested(UUID turnId, UUID conversationUid, UUID messageId) {
        OffsetDateTime now = Times.sql(Times.now());
        this.pending.add("""
                INSERT INTO turns (turn_id, conversation_uid, message_id, state, requested_at, updated_at)
                VALUES (?, ?, ?, 'requested', ?, ?)
                ON CONFLICT (turn_id) DO UPDATE SET conversation_uid = EXCLUDED.conversation_uid,
                    message_id = EXCLUDED.message_id, state = 'requested', requested_at = EXCLUDED.requested_at,
                    reply_id = NULL, generated_by = NULL, evidence = NULL, usage = NULL,
                    updated_at = EXCLUDED.updated_at""", turnId, conversationUid, messageId, now, now);
    }

    /**
     * The reply is stored. A turn requested before this table existed has no row yet and
     * gets one. Written with the transaction's next statement ({@link PendingWrites}).
     */
    void completed(UUID turnId, UUID conversationUid, UUID messageId, UUID replyId, @Nullable String generatedBy,
            List<Evidence> evidence, @Nullable Usage usage) {
        OffsetDateTime now = Times.sql(Times.now());
        this.pending.add("""
                INSERT INTO turns (turn_id, conversation_uid, message_id, state, requested_at, reply_id,
                                   generated_by, evidence, usage, updated_at)
                VALUES (?, ?, ?, 'completed', ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?)
                ON CONFLICT (turn_id) DO UPDATE SET state = 'completed', reply_id = EXCLUDED.reply_id,
                    generated_by = EXCLUDED.generated_by, evidence = EXCLUDED.evidence, usage = EXCLUDED.usage,
                    updated_at = EXCLUDED.updated_at""", turnId, conversationUid, messageId, now, replyId, generatedBy,
                this.json.writeValueAsString(evidence), usage == null ? null : this.json.writeValueAsString(usage),
                now);
    }

    /**
     * The turn failed at {@code at}, so a turn sent again runs again. A failure older
     * than the turn's latest request belongs to an earlier attempt and changes nothing.
     */
    boolean failed(UUID turnId, Instant at) {
        return this.jdbc.sql("""
                UPDATE turns SET state = 'failed', updated_at = :now
                 WHERE turn_id = :turnId AND state = 'requested' AND requested_at <= :at""")
            .param("turnId", turnId)
            .param("now", Times.sql(Times.now()))
            .param("at", Times.sql(at))
            .update() == 1;
    }

    /**
     * Outcomes are kept as long as a client is told it may send a turn again; after that
     * a re-sent turn is answered from the transcript, without its evidence.
     */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void forgetOld() {
        Instant cutoff = Instant.now().minus(this.properties.turnRetention());
        int forgotten = this.jdbc.sql("DELETE FROM turns WHERE updated_at < :cutoff")
            .param("cutoff", Timestamp.from(cutoff))
            .update();
        if (forgotten > 0) {
            log.debug("Forgot {} turn outcomes older than {}", forgotten, this.properties.turnRetention());
        }
    }

    private TurnOutcome map(ResultSet rs, int row) throws SQLException {
        String evidence = rs.getString("evidence");
        String usage = rs.getString("usage");
        return new TurnOutcome(rs.getObject("turn_id", UUID.class), rs.getObject("conversation_uid", UUID.class),
                rs.getObject("message_id", UUID.class),
                TurnOutcome.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                rs.getObject("requested_at", OffsetDateTime.class).toInstant(), rs.getObject("reply_id", UUID.class),
                rs.getString("generated_by"), evidence == null ? List.of() : this.json.readValue(evidence, EVIDENCE),
                usage == null ? null : this.json.readValue(usage, Usage.class));
    }

}
