package dev.skein.contracts.internal;

import java.util.UUID;

/**
 * The answer to erasing a conversation: the uid of the incarnation erased, so the index
 * can drop late events.
 */
public record Erased(UUID conversationUid) {
}
