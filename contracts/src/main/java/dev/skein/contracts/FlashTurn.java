package dev.skein.contracts;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One raw turn of flash memory (the most recent turns), in stream order. */
public record FlashTurn(UUID messageId, long sequence, String role, @Nullable String speaker, String content,
        @Nullable String externalId, Instant createdAt) {
}
