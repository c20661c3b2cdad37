package dev.skein.retrieval.search;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The speakers of a conversation, for taking their names out of the embedded query. Read
 * from the conversation's latest {@value #RECENT} chunks (the people of a chat speak in
 * its recent turns; bounded, so that a long conversation costs no scan) and kept for
 * {@link #FRESH}: a conversation is asked many questions in a row, and a speaker who
 * joins is missed for seconds at most. An erased conversation is forgotten at once.
 */
@Component
public class ConversationSpeakers {

    static final int RECENT = 1000;

    static final Duration FRESH = Duration.ofSeconds(10);

    /** Beyond this many conversations the cache starts over (no eviction order kept). */
    static final int MAX_CONVERSATIONS = 10_000;

    private static final String SPEAKERS = """
            SELECT DISTINCT speaker FROM (
                SELECT speaker FROM memory_chunks
                WHERE tenant_id = ? AND conversation_id = ?
                ORDER BY last_sequence DESC LIMIT %d) recent
            WHERE speaker IS NOT NULL
            """.formatted(RECENT);

    private final JdbcTemplate jdbc;

    private final Clock clock;

    private final Map<Key, Known> known = new ConcurrentHashMap<>();

    @Autowired
    ConversationSpeakers(JdbcTemplate jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    ConversationSpeakers(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<String> of(String tenantId, String conversationId) {
        Key key = new Key(tenantId, conversationId);
        Instant now = this.clock.instant();
        Known cached = this.known.get(key);
        if (cached != null && cached.read().plus(FRESH).isAfter(now)) {
            return cached.speakers();
        }
        List<String> speakers = List.copyOf(this.jdbc.queryForList(SPEAKERS, String.class, tenantId, conversationId));
        if (this.known.size() >= MAX_CONVERSATIONS) {
            this.known.clear();
        }
        this.known.put(key, new Known(speakers, now));
        return speakers;
    }

    /** Called when the conversation is erased: its speakers' names are not kept. */
    public void forget(String tenantId, String conversationId) {
        this.known.remove(new Key(tenantId, conversationId));
    }

    private record Key(String tenantId, String conversationId) {
    }

    private record Known(List<String> speakers, Instant read) {
    }

}
