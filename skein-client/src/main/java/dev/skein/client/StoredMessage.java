package dev.skein.client;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A message of a conversation's transcript, as Skein stored it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredMessage(UUID messageId, long sequence, String role, String speaker, String content,
        String externalId, Instant createdAt, Instant storedAt, Map<String, Object> metadata) {
}
