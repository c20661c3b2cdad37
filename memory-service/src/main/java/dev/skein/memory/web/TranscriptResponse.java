package dev.skein.memory.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.memory.stream.MemoryStream;
import dev.skein.memory.stream.StoredMessage;

/** @param nextCursor pass it back to read on; null on the last page */
record TranscriptResponse(List<Message> messages, String nextCursor) {

    record Message(UUID messageId, long sequence, String role, String speaker, String content, String externalId,
            Instant createdAt, Instant storedAt, Map<String, Object> metadata) {

        static Message of(StoredMessage m) {
            return new Message(m.id(), m.sequence(), m.role(), m.speaker(), m.content(), m.externalId(),
                    m.createdAt(), m.storedAt(), m.metadata());
        }
    }

    static TranscriptResponse of(MemoryStream.Page page) {
        return new TranscriptResponse(page.messages().stream().map(Message::of).toList(),
                page.nextCursor() == null ? null : Long.toString(page.nextCursor()));
    }
}
