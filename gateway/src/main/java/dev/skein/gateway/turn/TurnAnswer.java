package dev.skein.gateway.turn;

import java.util.List;
import java.util.UUID;

import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.Usage;
import dev.skein.gateway.search.RecalledMemory;

/**
 * The answer to a chat turn, the same JSON for a plain response and the SSE {@code reply}
 * event.
 *
 * @param messageId the stored assistant message
 * @param sequence its position in the conversation's stream
 */
public record TurnAnswer(UUID turnId, UUID messageId, long sequence, Reply reply, List<RecalledMemory> evidence,
        Usage usage) {

    static TurnAnswer of(TurnCompleted completed) {
        return new TurnAnswer(completed.turnId(), completed.messageId(), completed.sequence(),
                new Reply(completed.content(), completed.generatedBy()),
                RecalledMemory.of(completed.evidence(), completed.conversationId()), completed.usage());
    }

    /**
     * @param generatedBy "extractive" or "llm:&lt;provider&gt;/&lt;model&gt;", never
     * hidden from the client
     */
    public record Reply(String content, String generatedBy) {
    }
}
