package dev.skein.memory.bank;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.skein.memory.jdbc.PendingWrites;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.Times;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * The {@code memories} table (windows and summaries) and the open segment on
 * {@code conversations}.
 */
@Repository
class BankStore {

    private static final String COLUMNS = "id, conversation_uid, kind, level, text, first_sequence, last_sequence, "
            + "message_ids, external_ids, created_at, token_count, generated_by";

    private static final String UPSERT = """
            INSERT INTO memories (id, conversation_uid, kind, level, text, first_sequence, last_sequence,
                                  message_ids, external_ids, created_at, token_count, generated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, first_sequence = EXCLUDED.first_sequence,
                last_sequence = EXCLUDED.last_sequence, message_ids = EXCLUDED.message_ids,
                external_ids = EXCLUDED.external_ids, created_at = EXCLUDED.created_at,
                token_count = EXCLUDED.token_count, generated_by = EXCLUDED.generated_by""";

    /** Memories written with the next statement; more go as a batch of their own. */
    private static final int FEW = 4;

    private final JdbcTemplate jdbc;

    private final PendingWrites pending;

    BankStore(JdbcTemplate jdbc, PendingWrites pending) {
        this.jdbc = jdbc;
        this.pending = pending;
    }

    /**
     * A turn's memory or two go with the transaction's next statement
     * ({@link PendingWrites}); more (an import's windows) as one JDBC batch.
     */
    void upsert(List<BankMemory> memories) {
        List<Object[]> rows = memories.stream().map(BankStore::row).toList();
        if (rows.size() <= FEW) {
            rows.forEach(row -> this.pending.add(UPSERT, row));
        }
        else {
            this.jdbc.batchUpdate(UPSERT, rows);
        }
    }

    /** {@link #UPSERT}'s parameters. */
    private static Object[] row(BankMemory m) {
        return new Object[] { m.id(), m.conversationUid(), m.kind(), m.level(), m.text(), m.firstSequence(),
                m.lastSequence(), new SqlArrayValue("uuid", m.messageIds().toArray()),
                new SqlArrayValue("text", m.externalIds().toArray()), Times.sql(m.createdAt()), m.tokenCount(),
                new SqlParameterValue(Types.VARCHAR, m.generatedBy()) };
    }

    Optional<BankMemory> find(UUID conversationUid, UUID id) {
        return this.jdbc
            .query("SELECT " + COLUMNS + " FROM memories WHERE conversation_uid = ? AND id = ?", BankStore::map,
                    conversationUid, id)
            .stream()
            .findFirst();
    }

    List<BankMemory> summaries(UUID conversationUid, String level) {
        return this.jdbc.query("SELECT " + COLUMNS + " FROM memories WHERE conversation_uid = ? AND kind = 'summary' "
                + "AND level = ? ORDER BY first_sequence", BankStore::map, conversationUid, level);
    }

    /** The newest summaries first, for the view. */
    List<BankMemory> latestSummaries(UUID conversationUid, int limit) {
        return this.jdbc.query(
                "SELECT " + COLUMNS + " FROM memories WHERE conversation_uid = ? AND kind = 'summary' "
                        + "ORDER BY (level = 'conversation') DESC, last_sequence DESC LIMIT ?",
                BankStore::map, conversationUid, limit);
    }

    long count(UUID conversationUid, String kind) {
        return this.jdbc.queryForObject("SELECT count(*) FROM memories WHERE conversation_uid = ? AND kind = ?",
                Long.class, conversationUid, kind);
    }

    long countAll(UUID conversationUid) {
        return this.jdbc.queryForObject("SELECT count(*) FROM memories WHERE conversation_uid = ?", Long.class,
                conversationUid);
    }

    record OpenSegment(long start, long closed) {
    }

    /**
     * The open segment, as the statement that read the conversation under its row lock
     * returned it, or read again when that statement did not.
     */
    OpenSegment openSegment(Conversation conversation) {
        if (conversation.marks() != null) {
            return new OpenSegment(conversation.marks().segmentStart(), conversation.marks().segmentsClosed());
        }
        return this.jdbc.queryForObject("SELECT segment_start, segments_closed FROM conversations WHERE uid = ?",
                (rs, i) -> new OpenSegment(rs.getLong(1), rs.getLong(2)), conversation.uid());
    }

    void saveSegment(UUID conversationUid, OpenSegment segment) {
        this.jdbc.update("UPDATE conversations SET segment_start = ?, segments_closed = ? WHERE uid = ?",
                segment.start(), segment.closed(), conversationUid);
    }

    private static BankMemory map(ResultSet rs, int row) throws SQLException {
        return new BankMemory(rs.getObject("id", UUID.class), rs.getObject("conversation_uid", UUID.class),
                rs.getString("kind"), rs.getString("level"), rs.getString("text"), rs.getLong("first_sequence"),
                rs.getLong("last_sequence"), Arrays.asList((UUID[]) array(rs.getArray("message_ids"))),
                Arrays.asList((String[]) array(rs.getArray("external_ids"))),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getInt("token_count"),
                rs.getString("generated_by"));
    }

    private static Object[] array(Array array) throws SQLException {
        return (Object[]) array.getArray();
    }

}
