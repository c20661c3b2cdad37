package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

/** One raw turn of flash memory (the most recent turns), in stream order. */
public record FlashTurn(UUID messageId, long sequence, String role, String speaker, String content,
        String externalId, Instant createdAt) {
}
