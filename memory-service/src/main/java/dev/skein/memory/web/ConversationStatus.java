package dev.skein.memory.web;

import java.time.Instant;
import java.util.UUID;

import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.MemoryStream;

/** @param memories memory chunks recorded for indexing: one "turn" per message, plus windows and summaries */
record ConversationStatus(String conversationId, UUID conversationUid, long messages, long memories,
        long lastSequence, long historyTokens, Instant createdAt, Instant lastActivityAt) {

    static ConversationStatus of(MemoryStream.Stats stats, long bankMemories) {
        Conversation c = stats.conversation();
        return new ConversationStatus(c.conversationId(), c.uid(), stats.messageCount(),
                stats.messageCount() + bankMemories,
                c.lastSequence(), c.historyTokens(), c.createdAt(), c.lastActivityAt());
    }
}
