package dev.skein.memory.user;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.skein.contracts.internal.UserMemory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the memory-service knows of a tenant's users: whether one exists, their
 * conversations for recall, and their durable facts. Every query names the tenant: the
 * same user id in another tenant is another user.
 */
@Repository
public class UserDirectory {

    private static final Pattern CURSOR = Pattern.compile("([01])\\|([^|]+)\\|([0-9a-f-]{36})");

    private final JdbcClient jdbc;

    UserDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(String tenantId, String userId) {
        return this.jdbc.sql("SELECT count(*) FROM users WHERE tenant_id = :tenant AND user_id = :user")
            .param("tenant", tenantId)
            .param("user", userId)
            .query(Long.class)
            .single() > 0;
    }

    /**
     * The user's other conversations, most recently active first: the set a turn's recall
     * may reach beyond its own conversation (index {@code conversations_user}).
     */
    public List<String> otherConversations(String tenantId, String userId, String conversationId, int limit) {
        if (limit < 1) {
            return List.of();
        }
        return this.jdbc.sql("""
                SELECT conversation_id FROM conversations
                WHERE tenant_id = :tenant AND user_id = :user AND conversation_id <> :conversation
                ORDER BY last_activity_at DESC, conversation_id DESC
                LIMIT :limit""")
            .param("tenant", tenantId)
            .param("user", userId)
            .param("conversation", conversationId)
            .param("limit", limit)
            .query(String.class)
            .list();
    }

    /**
     * One page of the user's durable facts: what the user stated (role user, not a
     * question) in any of their conversations that no later statement superseded, pinned
     * first, then by base salience (the information content of its key phrases, before
     * decay: a fact told long ago is not less true), then by id. The cursor is the keyset
     * position of the last fact shown.
     */
    public UserMemory facts(String tenantId, String userId, int limit, @Nullable Position after) {
        // one row more than asked tells whether there is a next page
        List<UserMemory.Fact> rows = this.jdbc.sql("""
                SELECT c.conversation_id, m.id, m.sequence, m.speaker, m.content, m.created_at, s.base, s.pinned
                FROM conversations c
                JOIN messages m ON m.conversation_uid = c.uid AND m.role = 'user'
                JOIN memory_salience s ON s.memory_id = m.id
                WHERE c.tenant_id = :tenant AND c.user_id = :user AND s.superseded_by IS NULL
                  AND m.content !~ '[?][[:space:]]*$'
                  AND (CAST(:pinned AS boolean) IS NULL
                       OR (CAST(:pinned AS boolean) AND NOT s.pinned)
                       OR (s.pinned = CAST(:pinned AS boolean)
                           AND (s.base < CAST(:base AS float8)
                                OR (s.base = CAST(:base AS float8) AND m.id > CAST(:id AS uuid)))))
                ORDER BY s.pinned DESC, s.base DESC, m.id
                LIMIT :limit""")
            .param("tenant", tenantId)
            .param("user", userId)
            .param("pinned", after == null ? null : after.pinned())
            .param("base", after == null ? null : after.salience())
            .param("id", after == null ? null : after.memoryId())
            .param("limit", limit + 1)
            .query((rs, i) -> new UserMemory.Fact(rs.getObject("id", UUID.class), rs.getString("conversation_id"),
                    rs.getLong("sequence"), rs.getString("speaker"), rs.getString("content"), rs.getDouble("base"),
                    rs.getBoolean("pinned"), rs.getObject("created_at", OffsetDateTime.class).toInstant()))
            .list();
        if (rows.size() <= limit) {
            return new UserMemory(userId, rows, null);
        }
        List<UserMemory.Fact> page = List.copyOf(rows.subList(0, limit));
        UserMemory.Fact last = page.get(limit - 1);
        return new UserMemory(userId, page, new Position(last.pinned(), last.salience(), last.memoryId()).encode());
    }

    /** A keyset position in a user's facts: the sort key of the last fact of a page. */
    public record Position(boolean pinned, double salience, UUID memoryId) {

        String encode() {
            String raw = (this.pinned ? "1" : "0") + "|" + this.salience + "|" + this.memoryId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** The position of a cursor this API returned; empty for anything else. */
        public static Optional<Position> decode(String cursor) {
            try {
                Matcher matcher = CURSOR
                    .matcher(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
                if (!matcher.matches()) {
                    return Optional.empty();
                }
                double salience = Double.parseDouble(matcher.group(2));
                if (!Double.isFinite(salience)) {
                    return Optional.empty();
                }
                return Optional
                    .of(new Position("1".equals(matcher.group(1)), salience, UUID.fromString(matcher.group(3))));
            }
            catch (IllegalArgumentException ex) {
                return Optional.empty();
            }
        }
    }

}
