package dev.skein.memory.stream;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code conversations} as the stream reads and moves it. Created only by
 * {@link ConversationRepository#insertIfAbsent} (two first writers at once must not
 * fail); no version: every writer holds the row lock (ConversationStore#lock, SQL). The
 * counters of salience and the memory bank ({@code user_turns}, {@code segment_*}) are
 * theirs, changed by set-based SQL, and not mapped here.
 */
@Entity
@Table(name = "conversations", schema = "memory")
class ConversationEntity {

    @Id
    private UUID uid;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private String tenantId;

    @Column(name = "conversation_id", nullable = false, updatable = false)
    private String conversationId;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "last_activity_at")
    private Instant lastActivityAt;

    @Column(name = "last_sequence")
    private long lastSequence;

    @Column(name = "history_tokens")
    private long historyTokens;

    @Column(name = "user_id")
    private String userId;

    protected ConversationEntity() {
    }

    UUID uid() {
        return this.uid;
    }

    Conversation toConversation() {
        return new Conversation(this.uid, this.tenantId, this.conversationId, this.createdAt, this.lastActivityAt,
                this.lastSequence, this.historyTokens, this.userId);
    }

}
