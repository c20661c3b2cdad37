package dev.skein.memory.stream;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.skein.memory.AbstractMemoryServiceIT;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A write the database refuses says which rule refused it, never what was written: the
 * exception is logged, and message text and external ids must not reach a log.
 */
class MessageStoreIT extends AbstractMemoryServiceIT {

    private static final String CANARY = "canary-7f3a-do-not-log";

    @Autowired
    private MessageStore messages;

    @Test
    void aFailedBatchInsertDoesNotCarryTheMessageText() throws Exception {
        UUID conversation = storedConversation();

        DataIntegrityViolationException failure = catchThrowableOfType(DataIntegrityViolationException.class,
                () -> this.messages.insertAll(List.of(message(conversation, 1, "fine", null),
                        message(conversation, 2, CANARY + "\u0000", null))));

        assertThat(failure).isNotNull();
        assertThat(asLogged(failure)).doesNotContain(CANARY).contains("INSERT INTO messages");
    }

    @Test
    void aUniqueKeyViolationDoesNotCarryTheKey() throws Exception {
        UUID conversation = storedConversation();
        this.messages.insertAll(List.of(message(conversation, 1, "first", CANARY)));

        DataIntegrityViolationException failure = catchThrowableOfType(DataIntegrityViolationException.class,
                () -> this.messages.insertAll(List.of(message(conversation, 2, "second", CANARY))));

        assertThat(failure).isNotNull();
        assertThat(asLogged(failure)).doesNotContain(CANARY).contains("messages_conversation_external_id_key");
    }

    private UUID storedConversation() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        assertThat(post(conversationPath(tenant, conversation) + "/messages:import",
                Map.of("messages", List.of(Map.of("role", "user", "content", "hello"))))
            .status()).isEqualTo(200);
        return this.jdbc.queryForObject("SELECT uid FROM conversations WHERE tenant_id = ? AND conversation_id = ?",
                UUID.class, tenant, conversation);
    }

    private static StoredMessage message(UUID conversation, long sequence, String content, String externalId) {
        Instant now = Times.now();
        return new StoredMessage(UUID.randomUUID(), conversation, 100 + sequence, "user", "user", content, externalId,
                now, now, 1, Map.of("note", "meta"));
    }

    /**
     * What a logger prints of the exception: every cause with its stack, and the chained
     * exceptions of a JDBC batch.
     */
    private static String asLogged(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql.getNextException(); next != null; next = next.getNextException()) {
                    next.printStackTrace(new PrintWriter(text));
                }
            }
        }
        return text.toString();
    }

}
