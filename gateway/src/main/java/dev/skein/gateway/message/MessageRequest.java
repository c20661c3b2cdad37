package dev.skein.gateway.message;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A message as a client sends it. {@code createdAt} stays a string until validated, so
 * that a bad timestamp is reported as a field error rather than as unreadable JSON.
 *
 * @param reply whether to answer it; null means "yes for role user"
 * @param stream whether to stream the answer as server-sent events
 * @param userId the user the conversation belongs to: set by the first message that names
 * one, a conflict when it names another user later; null leaves it as it is
 */
public record MessageRequest(String role, String content, String speaker, String externalId, String createdAt,
        Map<String, Object> metadata, Boolean reply, Boolean stream, @Schema(
                description = "The user (of your tenant) the conversation belongs to; set once, "
                        + "another user later is a 409",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED) String userId) {

    public MessageRequest(String role, String content, String speaker, String externalId, String createdAt,
            Map<String, Object> metadata, Boolean reply, Boolean stream) {
        this(role, content, speaker, externalId, createdAt, metadata, reply, stream, null);
    }
}
