package dev.skein.memory.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.skein.contracts.internal.ConversationPage;
import dev.skein.platform.web.ClientIds;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A tenant's conversations, newest activity first, in pages. The cursor is a keyset
 * position, (last activity, conversation id) of the last row shown: a conversation
 * created or active after the first page was read sorts before the cursor, so paging
 * neither repeats nor skips the others.
 */
@Repository
public class ConversationDirectory {

    private static final Pattern CURSOR = Pattern.compile("(-?\\d{1,19})\\.(\\d{1,9})\\|(.+)");

    private final JdbcClient jdbc;

    ConversationDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param after the cursor of the previous page, already decoded, or null for the
     * first page
     * @param idPrefix only ids starting with this, or null for all
     */
    public ConversationPage page(String tenantId, int limit, @Nullable Position after, @Nullable String idPrefix) {
        return page(tenantId, limit, after, idPrefix, null);
    }

    /**
     * {@link #page(String, int, Position, String)} of one user's conversations when
     * {@code userId} is not null.
     */
    public ConversationPage page(String tenantId, int limit, @Nullable Position after, @Nullable String idPrefix,
            @Nullable String userId) {
        // one row more than asked tells whether there is a next page
        List<ConversationPage.Entry> rows = this.jdbc.sql("""
                SELECT c.conversation_id, c.created_at, c.last_activity_at, c.user_id,
                       (SELECT count(*) FROM messages m WHERE m.conversation_uid = c.uid) AS message_count,
                       (SELECT count(*) FROM memories b WHERE b.conversation_uid = c.uid) AS bank_count
                FROM conversations c
                WHERE c.tenant_id = :tenant
                  AND (CAST(:user AS text) IS NULL OR c.user_id = CAST(:user AS text))
                  AND (CAST(:prefix AS text) IS NULL OR starts_with(c.conversation_id, CAST(:prefix AS text)))
                  AND (CAST(:at AS timestamptz) IS NULL
                       OR (c.last_activity_at, c.conversation_id) < (CAST(:at AS timestamptz), CAST(:id AS text)))
                ORDER BY c.last_activity_at DESC, c.conversation_id DESC
                LIMIT :limit""")
            .param("tenant", tenantId)
            .param("user", userId)
            .param("prefix", idPrefix)
            .param("at", after == null ? null : Times.sql(after.lastActivityAt()))
            .param("id", after == null ? null : after.conversationId())
            .param("limit", limit + 1)
            .query((rs, i) -> {
                long messages = rs.getLong("message_count");
                // as the conversation's status counts them: one turn per message, plus
                // the
                // bank
                return new ConversationPage.Entry(rs.getString("conversation_id"), messages,
                        messages + rs.getLong("bank_count"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("last_activity_at", OffsetDateTime.class).toInstant(), rs.getString("user_id"));
            })
            .list();
        if (rows.size() <= limit) {
            return new ConversationPage(rows, null);
        }
        List<ConversationPage.Entry> page = rows.subList(0, limit);
        ConversationPage.Entry last = page.get(limit - 1);
        return new ConversationPage(List.copyOf(page),
                new Position(last.lastActivityAt(), last.conversationId()).encode());
    }

    /** A keyset position: the sort key of the last conversation of a page. */
    public record Position(Instant lastActivityAt, String conversationId) {

        String encode() {
            String raw = this.lastActivityAt.getEpochSecond() + "." + this.lastActivityAt.getNano() + "|"
                    + this.conversationId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** The position of a cursor this API returned; empty for anything else. */
        public static Optional<Position> decode(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                Matcher matcher = CURSOR.matcher(raw);
                if (!matcher.matches() || !ClientIds.valid(matcher.group(3))) {
                    return Optional.empty();
                }
                return Optional.of(new Position(
                        Instant.ofEpochSecond(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))),
                        matcher.group(3)));
            }
            catch (IllegalArgumentException | java.time.DateTimeException ex) {
                return Optional.empty();
            }
        }
    }

}
