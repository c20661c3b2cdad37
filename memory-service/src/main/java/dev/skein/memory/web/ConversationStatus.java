package dev.skein.memory.web;

import java.time.Instant;
import java.util.UUID;

import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.MemoryStream;

/** @param memories memory chunks recorded for indexing; one "turn" memory per message so far */
record ConversationStatus(String conversationId, UUID conversationUid, long messages, long memories,
        long lastSequence, long historyTokens, Instant createdAt, Instant lastActivityAt) {

    static ConversationStatus of(MemoryStream.Stats stats) {
        Conversation c = stats.conversation();
        return new ConversationStatus(c.conversationId(), c.uid(), stats.messageCount(), stats.messageCount(),
                c.lastSequence(), c.historyTokens(), c.createdAt(), c.lastActivityAt());
    }
}
