package dev.skein.gateway.message;

import java.util.Map;

/**
 * A message as a client sends it. {@code createdAt} stays a string until validated, so
 * that a bad timestamp is reported as a field error rather than as unreadable JSON.
 *
 * @param reply whether to answer it; null means "yes for role user"
 * @param stream whether to stream the answer as server-sent events
 */
public record MessageRequest(String role, String content, String speaker, String externalId, String createdAt,
        Map<String, Object> metadata, Boolean reply, Boolean stream) {
}
