package dev.skein.memory.stream;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code messages}: the memory stream is append-only, so the entity is written
 * once and never updated. Its conversation is the plain uid, not an association: every
 * read already names the conversation, and nothing navigates from a message to it.
 */
@Entity
@Immutable
@Table(name = "messages", schema = "memory")
class MessageEntity {

    @Id
    private UUID id;

    @Column(name = "conversation_uid", nullable = false)
    private UUID conversationUid;

    private long sequence;

    private String role;

    private String speaker;

    private String content;

    @Column(name = "external_id")
    private String externalId;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "stored_at")
    private Instant storedAt;

    @Column(name = "token_count")
    private int tokenCount;

    // the JSON text as the service's JsonMapper writes and reads it (MessageStore)
    @JdbcTypeCode(SqlTypes.JSON)
    private String metadata;

    protected MessageEntity() {
    }

    MessageEntity(StoredMessage message, String metadata) {
        this.id = message.id();
        this.conversationUid = message.conversationUid();
        this.sequence = message.sequence();
        this.role = message.role();
        this.speaker = message.speaker();
        this.content = message.content();
        this.externalId = message.externalId();
        this.createdAt = message.createdAt();
        this.storedAt = message.storedAt();
        this.tokenCount = message.tokenCount();
        this.metadata = metadata;
    }

    String metadata() {
        return this.metadata;
    }

    StoredMessage toStoredMessage(Map<String, Object> metadata) {
        return new StoredMessage(this.id, this.conversationUid, this.sequence, this.role, this.speaker, this.content,
                this.externalId, this.createdAt, this.storedAt, this.tokenCount, metadata);
    }

}
