package dev.skein.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * A message as the client sent it, already validated by the gateway.
 *
 * @param createdAt the message's own time (imports carry the original time); null means "now"
 */
public record MessageInput(String role, String content, String speaker, String externalId, Instant createdAt,
        Map<String, Object> metadata) {
}
