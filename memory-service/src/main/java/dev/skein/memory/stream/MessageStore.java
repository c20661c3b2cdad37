package dev.skein.memory.stream;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code messages} table: the append-only memory stream. Reads and a turn's message
 * go through {@link MessageRepository}; an import's batch insert and its lookups of up to
 * 5,000 ids stay set-based SQL (docs/decisions.md).
 */
@Repository
public class MessageStore {

    private static final String COLUMNS = "id, conversation_uid, sequence, role, speaker, content, external_id, "
            + "created_at, stored_at, token_count, metadata";

    private static final String INSERT = """
            INSERT INTO messages (id, conversation_uid, sequence, role, speaker, content, external_id,
                                  created_at, stored_at, token_count, metadata)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))""";

    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    /**
     * Rows per JDBC batch; with reWriteBatchedInserts the driver sends them as multi-row
     * INSERTs.
     */
    private static final int BATCH_SIZE = 500;

    private final JdbcTemplate jdbcTemplate;

    private final JsonMapper json;

    private final MessageRepository messages;

    private final EntityManager entityManager;

    MessageStore(JdbcTemplate jdbcTemplate, JsonMapper json, MessageRepository messages, EntityManager entityManager) {
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
        this.messages = messages;
        this.entityManager = entityManager;
    }

    /**
     * One message of a turn, through its entity; flushed at once, so a duplicate key
     * fails here and the SQL that follows in the transaction sees the row.
     */
    void insert(StoredMessage message) {
        this.entityManager.persist(new MessageEntity(message, metadataJson(message)));
        this.entityManager.flush();
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
     * The stored message with this id or this external id, in one round trip (the turn
     * path checks both); a match on the id wins.
     */
    Optional<StoredMessage> findExisting(UUID conversationUid, UUID id, String externalId) {
        if (id == null && externalId == null) {
            return Optional.empty();
        }
        return this.messages.findExisting(conversationUid, id, externalId, Limit.of(1))
            .stream()
            .findFirst()
            .map(this::toStored);
    }

    /** The message with this id in this conversation. */
    public Optional<StoredMessage> find(UUID conversationUid, UUID id) {
        return this.messages.findByConversationUidAndId(conversationUid, id).map(this::toStored);
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
     */
    public List<StoredMessage> recentBefore(UUID conversationUid, long beforeSequence, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<StoredMessage> newestFirst = new ArrayList<>(this.messages
            .findByConversationUidAndSequenceLessThanOrderBySequenceDesc(conversationUid, beforeSequence,
                    Limit.of(limit))
            .stream()
            .map(this::toStored)
            .toList());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** Messages from {@code first} to {@code last} (inclusive), ascending. */
    public List<StoredMessage> range(UUID conversationUid, long first, long last) {
        return this.messages.findByConversationUidAndSequenceBetweenOrderBySequence(conversationUid, first, last)
            .stream()
            .map(this::toStored)
            .toList();
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
        return this.messages.lastSpeakers(conversationUid, role, Limit.of(1)).stream().findFirst();
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
        return new StoredMessage(rs.getObject("id", UUID.class), rs.getObject("conversation_uid", UUID.class),
                rs.getLong("sequence"), rs.getString("role"), rs.getString("speaker"), rs.getString("content"),
                rs.getString("external_id"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("stored_at", OffsetDateTime.class).toInstant(), rs.getInt("token_count"),
                metadata == null ? null : this.json.readValue(metadata, METADATA));
    }

}
