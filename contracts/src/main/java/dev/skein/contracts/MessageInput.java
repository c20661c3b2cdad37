package dev.skein.contracts;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A message as the client sent it, already validated by the gateway.
 *
 * @param createdAt the message's own time (imports carry the original time); null means
 * "now"
 */
public record MessageInput(String role, String content, @Nullable String speaker, @Nullable String externalId,
        @Nullable Instant createdAt, @Nullable Map<String, Object> metadata) {
}
