package dev.skein.memory.user;

import java.util.ArrayList;
import java.util.List;

import dev.skein.contracts.internal.UserErased;
import dev.skein.memory.stream.MemoryStream;
import dev.skein.platform.web.Problems;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Erases a user: every conversation of the user exactly as a conversation's erasure does
 * (rows, unrelayed events, the conversation's data key, and
 * {@code memory.conversation-erased.v1} for the other services: docs/erasure.md), then
 * the user, in one transaction: all of it or nothing.
 *
 * <p>
 * The user's row is locked first. A turn that gives a new conversation to the user at the
 * same time waits for that lock (its foreign key check) and then fails and is retried,
 * creating the user anew: it is never left pointing at an erased user. A conversation
 * already of the user is locked by the erasure after the turn holding it commits, and
 * erased with what the turn stored.
 */
@Service
public class UserErasure {

    private final JdbcClient jdbc;

    private final MemoryStream stream;

    UserErasure(JdbcClient jdbc, MemoryStream stream) {
        this.jdbc = jdbc;
        this.stream = stream;
    }

    /** 404 problem when the tenant has no such user. */
    @Transactional
    public UserErased erase(String tenantId, String userId, String correlationId) {
        List<String> locked = this.jdbc
            .sql("SELECT user_id FROM users WHERE tenant_id = :tenant AND user_id = :user FOR UPDATE")
            .param("tenant", tenantId)
            .param("user", userId)
            .query(String.class)
            .list();
        if (locked.isEmpty()) {
            throw Problems.notFound("The tenant has no such user.");
        }
        // in id order, so two erasures never lock the same conversations in opposite
        // order
        List<String> conversationIds = this.jdbc.sql("""
                SELECT conversation_id FROM conversations WHERE tenant_id = :tenant AND user_id = :user
                ORDER BY conversation_id""").param("tenant", tenantId).param("user", userId).query(String.class).list();
        List<UserErased.Conversation> erased = new ArrayList<>(conversationIds.size());
        for (String conversationId : conversationIds) {
            erased.add(new UserErased.Conversation(conversationId,
                    this.stream.erase(tenantId, conversationId, correlationId)));
        }
        this.jdbc.sql("DELETE FROM users WHERE tenant_id = :tenant AND user_id = :user")
            .param("tenant", tenantId)
            .param("user", userId)
            .update();
        return new UserErased(userId, List.copyOf(erased));
    }

}
