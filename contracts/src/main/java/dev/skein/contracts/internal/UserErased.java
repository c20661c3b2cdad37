package dev.skein.contracts.internal;

import java.util.List;
import java.util.UUID;

/**
 * The answer to erasing a user: every conversation erased with it, so the index can drop
 * each one (and its late events, by uid).
 */
public record UserErased(String userId, List<Conversation> conversations) {

    public record Conversation(String conversationId, UUID conversationUid) {
    }
}
