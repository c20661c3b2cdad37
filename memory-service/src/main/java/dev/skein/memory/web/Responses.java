package dev.skein.memory.web;

import dev.skein.contracts.internal.ConversationStatus;
import dev.skein.contracts.internal.ImportResponse;
import dev.skein.contracts.internal.TranscriptResponse;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.ImportResult;
import dev.skein.memory.stream.MemoryStream;
import dev.skein.memory.stream.StoredMessage;

/**
 * The internal API's answers (records of the contracts) made from the stream's own types.
 */
final class Responses {

    private Responses() {
    }

    static ImportResponse imported(ImportResult result) {
        return new ImportResponse(result.conversation().conversationId(), result.received(), result.imported(),
                result.duplicates(), result.firstSequence(), result.lastSequence(),
                Long.toString(result.lastSequence()),
                result.messages()
                    .stream()
                    .map(e -> new ImportResponse.ImportedMessage(e.messageId(), e.sequence(), e.externalId(),
                            e.duplicate()))
                    .toList());
    }

    /** The cursor is the last sequence of the page; clients treat it as opaque. */
    static TranscriptResponse transcript(MemoryStream.Page page) {
        return new TranscriptResponse(page.messages().stream().map(Responses::message).toList(),
                page.nextCursor() == null ? null : Long.toString(page.nextCursor()));
    }

    static ConversationStatus status(MemoryStream.Stats stats, long bankMemories) {
        Conversation c = stats.conversation();
        return new ConversationStatus(c.conversationId(), c.uid(), stats.messageCount(),
                stats.messageCount() + bankMemories, c.lastSequence(), c.historyTokens(), c.createdAt(),
                c.lastActivityAt(), c.userId());
    }

    private static TranscriptResponse.TranscriptMessage message(StoredMessage m) {
        return new TranscriptResponse.TranscriptMessage(m.id(), m.sequence(), m.role(), m.speaker(), m.content(),
                m.externalId(), m.createdAt(), m.storedAt(), m.metadata());
    }

}
