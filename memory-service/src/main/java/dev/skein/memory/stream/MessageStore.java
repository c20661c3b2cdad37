package dev.skein.memory.stream;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.skein.contracts.Roles;
import dev.skein.memory.jdbc.PendingWrites;

import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code messages} table: the append-only memory stream. What a chat turn reads and
 * writes is SQL (one statement each; the profile of issue 15 found Spring Data's derived
 * queries and Hibernate's flush costing more CPU than the statements:
 * docs/perf/turn-path-profile.md), as are an import's batch insert and its lookups of up
 * to 5,000 ids (docs/decisions.md); the transcript's pages and counts go through
 * {@link MessageRepository}.
 */
@Repository
public class MessageStore {

    private static final String COLUMNS = "id, conversation_uid, sequence, role, speaker, content, external_id, "
            + "created_at, stored_at, token_count, metadata, condensed, condensed_for";

    private static final String INSERT = """
            INSERT INTO messages (id, conversation_uid, sequence, role, speaker, content, external_id,
                                  created_at, stored_at, token_count, metadata)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))""";

    /**
     * A message that takes a stored one's id, external id or sequence is not inserted (a
     * duplicate), and then no row comes back. The conversation's columns are returned
     * unqualified: the inserted row's have other names.
     */
    private static final String INSERT_AND_ADVANCE = """
            WITH inserted AS (
                INSERT INTO messages (id, conversation_uid, sequence, role, speaker, content, external_id,
                                      created_at, stored_at, token_count, metadata)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
                ON CONFLICT DO NOTHING
                RETURNING sequence, token_count, role)
            UPDATE conversations c
               SET last_sequence = i.sequence, history_tokens = c.history_tokens + i.token_count,
                   user_turns = c.user_turns + CASE WHEN i.role = ? THEN 1 ELSE 0 END, last_activity_at = ?
              FROM inserted i
             WHERE c.uid = ?
            RETURNING\s""" + ConversationStore.COLUMNS;

    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    /**
     * Rows per JDBC batch; with reWriteBatchedInserts the driver sends them as multi-row
     * INSERTs.
     */
    private static final int BATCH_SIZE = 500;

    private final JdbcTemplate jdbcTemplate;

    private final PendingWrites pending;

    private final JsonMapper json;

    private final MessageRepository messages;

    MessageStore(JdbcTemplate jdbcTemplate, PendingWrites pending, JsonMapper json, MessageRepository messages) {
        this.jdbcTemplate = jdbcTemplate;
        this.pending = pending;
        this.json = json;
        this.messages = messages;
    }

    /**
     * One message of a turn (or reply), and the conversation's stream head moved past it,
     * in one statement: the turn path's most frequent write, one round trip instead of an
     * entity's insert and the head's update, and of the look-up for a duplicate before it
     * (docs/perf/turn-path-profile.md). The caller holds the conversation's row lock, so
     * the message's sequence is the head's next.
     * @return the conversation as it is now, or empty when a stored message has the
     * message's id or external id ({@link #findExisting} names it) and nothing was
     * written
     */
    Optional<Conversation> insertUnlessStored(StoredMessage message, Instant at) {
        return this.jdbcTemplate
            .query(INSERT_AND_ADVANCE, ConversationStore::map, message.id(), message.conversationUid(),
                    message.sequence(), message.role(), message.speaker(), message.content(), message.externalId(),
                    Times.sql(message.createdAt()), Times.sql(message.storedAt()), message.tokenCount(),
                    metadataJson(message), Roles.USER, Times.sql(at), message.conversationUid())
            .stream()
            .findFirst();
    }

    /**
     * An import's messages: JDBC batches of {@value #BATCH_SIZE}, which the driver sends
     * as multi-row INSERTs (reWriteBatchedInserts). Hand-written on purpose:
     * docs/decisions.md has the measurement against Hibernate's batched inserts.
     */
    void insertAll(List<StoredMessage> messages) {
        if (!messages.isEmpty()) {
            this.jdbcTemplate.batchUpdate(INSERT, messages, BATCH_SIZE, this::bind);
        }
    }

    /**
     * The stored message with this id or this external id, in one round trip; a match on
     * the id wins.
     */
    Optional<StoredMessage> findExisting(UUID conversationUid, UUID id, String externalId) {
        if (id == null && externalId == null) {
            return Optional.empty();
        }
        return this.jdbcTemplate.query("SELECT " + COLUMNS + """
                 FROM messages WHERE conversation_uid = ? AND (id = ? OR external_id = ?)
                ORDER BY id = ? DESC LIMIT 1""", this::map, conversationUid, id, externalId, id).stream().findFirst();
    }

    /** The message with this id in this conversation. */
    public Optional<StoredMessage> find(UUID conversationUid, UUID id) {
        return this.jdbcTemplate
            .query("SELECT " + COLUMNS + " FROM messages WHERE conversation_uid = ? AND id = ?", this::map,
                    conversationUid, id)
            .stream()
            .findFirst();
    }

    /** The stored messages with any of these ids. */
    List<StoredMessage> findByIds(UUID conversationUid, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return this.jdbcTemplate
            .query("SELECT " + COLUMNS + " FROM messages WHERE conversation_uid = ? AND id = ANY(?)", ps -> {
                ps.setObject(1, conversationUid);
                ps.setArray(2, ps.getConnection().createArrayOf("uuid", ids.toArray()));
            }, this::map);
    }

    /** The stored messages carrying any of these external ids. */
    List<StoredMessage> findByExternalIds(UUID conversationUid, Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return List.of();
        }
        return this.jdbcTemplate
            .query("SELECT " + COLUMNS + " FROM messages WHERE conversation_uid = ? AND external_id = ANY(?)", ps -> {
                ps.setObject(1, conversationUid);
                ps.setArray(2, ps.getConnection().createArrayOf("text", externalIds.toArray()));
            }, this::map);
    }

    /**
     * Up to {@code limit} messages right before {@code beforeSequence}, in stream order.
     * On a reply's path, with the writes its append left waiting ({@link PendingWrites}).
     */
    public List<StoredMessage> recentBefore(UUID conversationUid, long beforeSequence, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<StoredMessage> newestFirst = new ArrayList<>(this.pending.query(
                "SELECT " + COLUMNS
                        + " FROM messages WHERE conversation_uid = ? AND sequence < ? ORDER BY sequence DESC LIMIT ?",
                this::map, conversationUid, beforeSequence, limit));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * Keeps a long message's summary as flash memory shows it, sent with the
     * transaction's next statement ({@link PendingWrites}): the turns after read it with
     * the message ({@code condensed}). The caller holds the conversation's row lock, as a
     * correction of the text does, which clears it.
     */
    public void keepCondensed(StoredMessage message, StoredMessage.Condensed condensed) {
        this.pending.add("UPDATE messages SET condensed = ?, condensed_for = ? WHERE conversation_uid = ? AND id = ?",
                condensed.text(), condensed.maxTokens(), message.conversationUid(), message.id());
    }

    /** The last {@code limit} messages before {@code beforeSequence}, as read. */
    public Preceding preceding(UUID conversationUid, long beforeSequence, int limit) {
        return new Preceding(recentBefore(conversationUid, beforeSequence, limit), limit);
    }

    /** Messages from {@code first} to {@code last} (inclusive), ascending. */
    public List<StoredMessage> range(UUID conversationUid, long first, long last) {
        return this.jdbcTemplate.query(
                "SELECT " + COLUMNS
                        + " FROM messages WHERE conversation_uid = ? AND sequence BETWEEN ? AND ? ORDER BY sequence",
                this::map, conversationUid, first, last);
    }

    /** Messages after {@code afterSequence}, ascending. */
    List<StoredMessage> page(UUID conversationUid, long afterSequence, int limit) {
        return this.messages
            .findByConversationUidAndSequenceGreaterThanOrderBySequence(conversationUid, afterSequence, Limit.of(limit))
            .stream()
            .map(this::toStored)
            .toList();
    }

    long count(UUID conversationUid) {
        return this.messages.countByConversationUid(conversationUid);
    }

    /**
     * The speaker of the latest message with this role, e.g. an assistant's name from
     * imported history.
     */
    public Optional<String> lastSpeaker(UUID conversationUid, String role) {
        return this.jdbcTemplate.queryForList("""
                SELECT speaker FROM messages
                 WHERE conversation_uid = ? AND role = ? AND speaker IS NOT NULL
                 ORDER BY sequence DESC LIMIT 1""", String.class, conversationUid, role).stream().findFirst();
    }

    private String metadataJson(StoredMessage message) {
        return message.metadata() == null ? null : this.json.writeValueAsString(message.metadata());
    }

    private StoredMessage toStored(MessageEntity entity) {
        String metadata = entity.metadata();
        return entity.toStoredMessage(metadata == null ? null : this.json.readValue(metadata, METADATA));
    }

    private void bind(PreparedStatement ps, StoredMessage message) throws SQLException {
        ps.setObject(1, message.id());
        ps.setObject(2, message.conversationUid());
        ps.setLong(3, message.sequence());
        ps.setString(4, message.role());
        ps.setString(5, message.speaker());
        ps.setString(6, message.content());
        ps.setString(7, message.externalId());
        ps.setObject(8, Times.sql(message.createdAt()));
        ps.setObject(9, Times.sql(message.storedAt()));
        ps.setInt(10, message.tokenCount());
        ps.setString(11, message.metadata() == null ? null : this.json.writeValueAsString(message.metadata()));
    }

    private StoredMessage map(ResultSet rs, int row) throws SQLException {
        String metadata = rs.getString("metadata");
        String condensed = rs.getString("condensed");
        return new StoredMessage(rs.getObject("id", UUID.class), rs.getObject("conversation_uid", UUID.class),
                rs.getLong("sequence"), rs.getString("role"), rs.getString("speaker"), rs.getString("content"),
                rs.getString("external_id"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("stored_at", OffsetDateTime.class).toInstant(), rs.getInt("token_count"),
                metadata == null ? null : this.json.readValue(metadata, METADATA),
                condensed == null ? null : new StoredMessage.Condensed(rs.getInt("condensed_for"), condensed));
    }

}
