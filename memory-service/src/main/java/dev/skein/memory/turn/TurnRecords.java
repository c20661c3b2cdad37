package dev.skein.memory.turn;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.skein.contracts.internal.TurnRecord;
import dev.skein.memory.stream.Conversation;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A past turn of one conversation with its messages' texts, for the public turn view. A
 * turn of another conversation (or tenant) is not found.
 */
@Component
public class TurnRecords {

    private final TurnOutcomes outcomes;

    private final JdbcClient jdbc;

    TurnRecords(TurnOutcomes outcomes, JdbcClient jdbc) {
        this.outcomes = outcomes;
        this.jdbc = jdbc;
    }

    public Optional<TurnRecord> find(Conversation conversation, UUID turnId) {
        return this.outcomes.find(turnId)
            .filter(outcome -> outcome.conversationUid().equals(conversation.uid()))
            .map(outcome -> {
                Map<UUID, String> texts = new HashMap<>();
                this.jdbc.sql("SELECT id, content FROM messages WHERE conversation_uid = :uid AND id IN (:ids)")
                    .param("uid", conversation.uid())
                    .param("ids",
                            outcome.replyId() == null ? java.util.List.of(outcome.messageId())
                                    : java.util.List.of(outcome.messageId(), outcome.replyId()))
                    .query((rs, i) -> texts.put(rs.getObject("id", UUID.class), rs.getString("content")))
                    .list();
                return new TurnRecord(outcome.turnId(), conversation.conversationId(),
                        outcome.state().name().toLowerCase(Locale.ROOT), outcome.requestedAt(), outcome.messageId(),
                        texts.get(outcome.messageId()), outcome.replyId(),
                        outcome.replyId() == null ? null : texts.get(outcome.replyId()), outcome.generatedBy(),
                        outcome.evidence(), outcome.usage());
            });
    }

}
