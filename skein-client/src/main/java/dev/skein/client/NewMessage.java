package dev.skein.client;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A message to store or to answer. {@code externalId} (unique per conversation) makes a
 * retry store nothing twice; {@code createdAt} keeps the original time of an imported
 * message.
 *
 * @param role {@code user}, {@code assistant} or {@code system}
 * @param content the text
 * @param speaker who said it, when a conversation has more than one person
 * @param externalId the caller's own id of the message
 * @param createdAt when it was said (now when null)
 * @param metadata free-form, stored with the message
 * @param userId the user (of the tenant) the conversation belongs to: set by the first
 * message that names one; naming another user later is a 409. Not read in an import: give
 * the import's own userId
 * ({@link SkeinClient#importMessages(String, String, java.util.List)})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewMessage(String role, String content, String speaker, String externalId, Instant createdAt,
        Map<String, Object> metadata, String userId) {

    /** A message that leaves the conversation's user as it is. */
    public NewMessage(String role, String content, String speaker, String externalId, Instant createdAt,
            Map<String, Object> metadata) {
        this(role, content, speaker, externalId, createdAt, metadata, null);
    }

    public static NewMessage user(String content) {
        return new NewMessage("user", content, null, null, null, null);
    }

    public static NewMessage assistant(String content) {
        return new NewMessage("assistant", content, null, null, null, null);
    }

    public NewMessage withExternalId(String id) {
        return new NewMessage(this.role, this.content, this.speaker, id, this.createdAt, this.metadata, this.userId);
    }

    /** This message, naming the user the conversation belongs to. */
    public NewMessage withUserId(String user) {
        return new NewMessage(this.role, this.content, this.speaker, this.externalId, this.createdAt, this.metadata,
                user);
    }

}
