package dev.skein.memory.salience;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import dev.skein.memory.jdbc.PendingWrites;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * {@code memory_key_phrases}, {@code memory_salience} and the turn clock on
 * {@code conversations}.
 */
@Repository
class SalienceStore {

    private static final String SALIENCE_COLUMNS = "memory_id, sequence, base, last_turn, reason, superseded_by, superseded_turn, pinned";

    /**
     * A conversation's memories highest in the rank_key index before a sequence (in order
     * of effective salience, the same at every turn; the more recent first among equals),
     * then its pinned ones (few: a person pins them one by one), whose floor may rank
     * them above the first. A memory that is both comes twice. {@code %2$s} stands for
     * the conversation's uid.
     */
    private static final String TOP_AND_PINNED_OF = """
            (SELECT %1$s FROM memory_salience WHERE conversation_uid = %2$s AND sequence < ?
                ORDER BY rank_key DESC, sequence DESC LIMIT ?)
            UNION ALL
            (SELECT %1$s FROM memory_salience WHERE conversation_uid = %2$s AND sequence < ? AND pinned)""";

    /**
     * {@link #recalledAndTop}: the recalled rows ({@code recalled} true), then the top
     * and pinned ones of the whole conversation.
     */
    private static final String RECALLED_AND_TOP = """
            SELECT true AS recalled, %1$s FROM memory_salience WHERE conversation_uid = ? AND memory_id = ANY(?)
            UNION ALL
            SELECT false AS recalled, t.* FROM (%2$s) t""".formatted(SALIENCE_COLUMNS,
            TOP_AND_PINNED_OF.formatted(SALIENCE_COLUMNS, "?"));

    /** {@link #topAndPinned}. */
    private static final String TOP_AND_PINNED = TOP_AND_PINNED_OF.formatted(SALIENCE_COLUMNS, "?");

    /**
     * {@link #ranked}: the conversation (tenant-checked), its clocks, its top rows and
     * its pinned ones.
     */
    private static final String RANKED = """
            SELECT c.user_turns, c.last_sequence AS head, c.edits, s.*
              FROM conversations c LEFT JOIN LATERAL (%s) s ON true
            WHERE c.tenant_id = ? AND c.conversation_id = ?"""
        .formatted(TOP_AND_PINNED_OF.formatted(SALIENCE_COLUMNS, "c.uid"));

    private final JdbcTemplate jdbc;

    private final PendingWrites pending;

    SalienceStore(JdbcTemplate jdbc, PendingWrites pending) {
        this.jdbc = jdbc;
        this.pending = pending;
    }

    String tenant(UUID conversationUid) {
        List<String> tenants = this.jdbc.queryForList("SELECT tenant_id FROM conversations WHERE uid = ?", String.class,
                conversationUid);
        return tenants.isEmpty() ? "" : tenants.get(0);
    }

    long turn(UUID conversationUid) {
        List<Long> turns = this.jdbc.queryForList("SELECT user_turns FROM conversations WHERE uid = ?", Long.class,
                conversationUid);
        return turns.isEmpty() ? 0 : turns.get(0);
    }

    record PhraseRow(UUID memoryId, long sequence, String phrase, double weight) {
    }

    /**
     * Upserts key phrases in one statement, sent with the transaction's next one
     * ({@link PendingWrites}). A phrase given twice for a memory keeps its last weight.
     */
    void insertPhrases(UUID conversationUid, List<PhraseRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Map<List<Object>, PhraseRow> unique = new LinkedHashMap<>();
        for (PhraseRow row : rows) {
            unique.put(List.of(row.memoryId(), row.phrase()), row);
        }
        Collection<PhraseRow> phrases = unique.values();
        this.pending.add("""
                INSERT INTO memory_key_phrases (conversation_uid, memory_id, sequence, phrase, weight)
                SELECT ?, * FROM unnest(?::uuid[], ?::int8[], ?::text[], ?::float8[])
                ON CONFLICT (memory_id, phrase) DO UPDATE SET weight = EXCLUDED.weight""", conversationUid,
                array("uuid", phrases, PhraseRow::memoryId), array("int8", phrases, PhraseRow::sequence),
                array("text", phrases, PhraseRow::phrase), array("float8", phrases, PhraseRow::weight));
    }

    private static <T> SqlArrayValue array(String type, Collection<T> rows, Function<T, Object> column) {
        return new SqlArrayValue(type, rows.stream().map(column).toArray());
    }

    void deletePhrases(UUID memoryId) {
        this.jdbc.update("DELETE FROM memory_key_phrases WHERE memory_id = ?", memoryId);
    }

    List<KeyPhrase> phrases(UUID memoryId) {
        return this.jdbc.query("SELECT phrase, weight FROM memory_key_phrases WHERE memory_id = ? ORDER BY weight DESC",
                (rs, i) -> new KeyPhrase(rs.getString(1), rs.getDouble(2)), memoryId);
    }

    Map<UUID, List<KeyPhrase>> phrases(Collection<UUID> memoryIds) {
        Map<UUID, List<KeyPhrase>> byMemory = new LinkedHashMap<>();
        if (memoryIds.isEmpty()) {
            return byMemory;
        }
        this.jdbc.query(
                "SELECT memory_id, phrase, weight FROM memory_key_phrases WHERE memory_id = ANY(?) "
                        + "ORDER BY weight DESC",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", memoryIds.toArray())), rs -> {
                    byMemory.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                        .add(new KeyPhrase(rs.getString(2), rs.getDouble(3)));
                });
        return byMemory;
    }

    /**
     * Inserts or replaces salience rows (a redelivered append writes the same values), in
     * one statement sent with the transaction's next one ({@link PendingWrites}). A
     * memory given twice keeps its last row.
     */
    void upsert(UUID conversationUid, List<SalienceRow> rows, double ratio) {
        if (rows.isEmpty()) {
            return;
        }
        Map<UUID, SalienceRow> unique = new LinkedHashMap<>();
        for (SalienceRow row : rows) {
            unique.put(row.memoryId(), row);
        }
        Collection<SalienceRow> values = unique.values();
        this.pending.add(
                """
                        INSERT INTO memory_salience (memory_id, conversation_uid, sequence, base, last_turn, rank_key, reason,
                                                     superseded_by, superseded_turn)
                        SELECT u.memory_id, ?, u.sequence, u.base, u.last_turn, u.rank_key, u.reason, u.superseded_by,
                               u.superseded_turn
                          FROM unnest(?::uuid[], ?::int8[], ?::float8[], ?::int8[], ?::float8[], ?::text[], ?::uuid[], ?::int8[])
                               AS u (memory_id, sequence, base, last_turn, rank_key, reason, superseded_by, superseded_turn)
                        ON CONFLICT (memory_id) DO UPDATE SET base = EXCLUDED.base, last_turn = EXCLUDED.last_turn,
                            rank_key = EXCLUDED.rank_key, reason = EXCLUDED.reason,
                            superseded_by = EXCLUDED.superseded_by, superseded_turn = EXCLUDED.superseded_turn""",
                conversationUid, array("uuid", values, SalienceRow::memoryId),
                array("int8", values, SalienceRow::sequence), array("float8", values, SalienceRow::base),
                array("int8", values, SalienceRow::lastTurn),
                array("float8", values, r -> Decay.rankKey(r.base(), ratio, r.lastTurn())),
                array("text", values, SalienceRow::reason), array("uuid", values, SalienceRow::supersededBy),
                array("int8", values, SalienceRow::supersededTurn));
    }

    List<SalienceRow> find(UUID conversationUid, Collection<UUID> memoryIds) {
        if (memoryIds.isEmpty()) {
            return List.of();
        }
        return this.jdbc.query("SELECT " + SALIENCE_COLUMNS
                + " FROM memory_salience WHERE conversation_uid = ? AND memory_id = ANY(?)", ps -> {
                    ps.setObject(1, conversationUid);
                    ps.setArray(2, ps.getConnection().createArrayOf("uuid", memoryIds.toArray()));
                }, SalienceStore::map);
    }

    /**
     * The rows of the memories a reply recalled and the conversation's top and pinned
     * rows ({@link #topAndPinned}), in one round trip.
     */
    RecalledAndTop recalledAndTop(UUID conversationUid, Collection<UUID> memoryIds, int limit) {
        RecalledAndTop read = new RecalledAndTop(new ArrayList<>(), new ArrayList<>());
        this.pending.query(RECALLED_AND_TOP, (ResultSet rs) -> {
            while (rs.next()) {
                (rs.getBoolean("recalled") ? read.recalled() : read.top()).add(map(rs, 0));
            }
            return read;
        }, conversationUid, new SqlArrayValue("uuid", memoryIds.toArray()), conversationUid, Long.MAX_VALUE, limit,
                conversationUid, Long.MAX_VALUE);
        return read;
    }

    /**
     * @param recalled the rows of the memories asked for
     * @param top the conversation's top rows by rank key, and its pinned ones
     */
    record RecalledAndTop(List<SalienceRow> recalled, List<SalienceRow> top) {
    }

    /**
     * An older memory that shares phrases with a new message.
     *
     * @param stored its salience row, null when it is not stored yet (an earlier message
     * of the same import)
     */
    record Overlap(UUID memoryId, SalienceRow stored, List<String> shared) {
    }

    /**
     * The memories before {@code beforeSequence} sharing the most of these phrases, the
     * most recent first among equals.
     */
    List<Overlap> overlapping(UUID conversationUid, Collection<String> phrases, long beforeSequence, int limit) {
        if (phrases.isEmpty()) {
            return List.of();
        }
        return this.pending.query("""
                WITH shared AS (
                    SELECT k.memory_id, array_agg(k.phrase ORDER BY k.weight DESC) AS phrases,
                           count(*) AS n, max(k.sequence) AS last
                      FROM memory_key_phrases k
                     WHERE k.conversation_uid = ? AND k.phrase = ANY(?) AND k.sequence < ?
                     GROUP BY k.memory_id
                     ORDER BY n DESC, last DESC
                     LIMIT ?
                )
                SELECT sh.memory_id AS key_memory_id, sh.phrases, s.memory_id, s.sequence, s.base, s.last_turn,
                       s.reason, s.superseded_by, s.superseded_turn, s.pinned
                  FROM shared sh LEFT JOIN memory_salience s ON s.memory_id = sh.memory_id
                 ORDER BY sh.n DESC, sh.last DESC""",
                (rs, i) -> new Overlap(rs.getObject("key_memory_id", UUID.class),
                        rs.getObject("memory_id") != null ? map(rs, i) : null,
                        List.of((String[]) rs.getArray("phrases").getArray())),
                conversationUid, new SqlArrayValue("text", phrases.toArray()), beforeSequence, limit);
    }

    boolean anyMention(UUID conversationUid, Collection<String> phrases, long beforeSequence) {
        if (phrases.isEmpty()) {
            return false;
        }
        return Boolean.TRUE.equals(this.jdbc.query("""
                SELECT EXISTS (SELECT 1 FROM memory_key_phrases
                                WHERE conversation_uid = ? AND phrase = ANY(?) AND sequence < ?)""", ps -> {
            ps.setObject(1, conversationUid);
            ps.setArray(2, ps.getConnection().createArrayOf("text", phrases.toArray()));
            ps.setLong(3, beforeSequence);
        }, rs -> rs.next() ? rs.getBoolean(1) : false));
    }

    /**
     * The top rows and the pinned ones before {@code beforeSequence}
     * ({@link #TOP_AND_PINNED_OF}): in one round trip, on every turn's path.
     */
    List<SalienceRow> topAndPinned(UUID conversationUid, long beforeSequence, int limit) {
        return this.pending.query(TOP_AND_PINNED, SalienceStore::map, conversationUid, beforeSequence, limit,
                conversationUid, beforeSequence);
    }

    /**
     * A conversation's clocks and its salience rows (as {@link #topAndPinned}), in one
     * round trip: empty when the tenant has no such conversation. Read after a change
     * under the row lock, the clocks are the ones the change left.
     */
    Optional<Ranked> ranked(String tenantId, String conversationId, int limit) {
        List<Ranked> found = new ArrayList<>(1);
        this.jdbc.query(RANKED, (ResultSet rs) -> {
            if (found.isEmpty()) {
                found.add(new Ranked(rs.getLong("user_turns"), rs.getLong("head"), rs.getLong("edits"),
                        new ArrayList<>()));
            }
            if (rs.getObject("memory_id") != null) {
                found.get(0).rows().add(map(rs, 0));
            }
        }, Long.MAX_VALUE, limit, Long.MAX_VALUE, tenantId, conversationId);
        return found.stream().findFirst();
    }

    /**
     * @param turn the conversation's turn clock
     * @param head its stream head
     * @param edits its edit clock
     * @param rows its most salient memories by rank key, and the pinned ones
     */
    record Ranked(long turn, long head, long edits, List<SalienceRow> rows) {
    }

    /**
     * Pins or unpins a memory; a memory without a salience row yet gets one at zero (the
     * floor lifts it).
     */
    void pin(UUID conversationUid, UUID memoryId, long sequence, boolean pinned, long turn, double ratio) {
        int updated = this.jdbc.update(
                "UPDATE memory_salience SET pinned = ? WHERE conversation_uid = ? AND memory_id = ?", pinned,
                conversationUid, memoryId);
        if (updated == 0 && pinned) {
            upsert(conversationUid,
                    List.of(new SalienceRow(memoryId, sequence, 0, turn, "pinned at turn " + turn, null, null, false)),
                    ratio);
            this.jdbc.update("UPDATE memory_salience SET pinned = true WHERE memory_id = ?", memoryId);
        }
    }

    /** The memories a turn marked "possibly superseded". */
    List<UUID> supersededBy(UUID conversationUid, UUID memoryId) {
        return this.jdbc.queryForList(
                "SELECT memory_id FROM memory_salience WHERE conversation_uid = ? AND superseded_by = ? ORDER BY sequence",
                UUID.class, conversationUid, memoryId);
    }

    private static SalienceRow map(ResultSet rs, int row) throws SQLException {
        long turn = rs.getLong("superseded_turn");
        Long supersededTurn = rs.wasNull() ? null : turn;
        return new SalienceRow(rs.getObject("memory_id", UUID.class), rs.getLong("sequence"), rs.getDouble("base"),
                rs.getLong("last_turn"), rs.getString("reason"), rs.getObject("superseded_by", UUID.class),
                supersededTurn, rs.getBoolean("pinned"));
    }

}
