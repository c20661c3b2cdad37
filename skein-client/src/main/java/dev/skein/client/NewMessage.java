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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewMessage(String role, String content, String speaker, String externalId, Instant createdAt,
        Map<String, Object> metadata) {

    public static NewMessage user(String content) {
        return new NewMessage("user", content, null, null, null, null);
    }

    public static NewMessage assistant(String content) {
        return new NewMessage("assistant", content, null, null, null, null);
    }

    public NewMessage withExternalId(String id) {
        return new NewMessage(this.role, this.content, this.speaker, id, this.createdAt, this.metadata);
    }

}
