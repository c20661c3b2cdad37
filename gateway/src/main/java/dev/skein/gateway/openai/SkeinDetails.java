package dev.skein.gateway.openai;

import java.util.List;
import java.util.UUID;

import dev.skein.gateway.search.RecalledMemory;
import dev.skein.gateway.turn.TurnAnswer;

/**
 * What an OpenAI response cannot say: the turn, the stored assistant message, who
 * generated the reply, and the memories it was given.
 */
record SkeinDetails(UUID turnId, UUID messageId, long sequence, String generatedBy, List<RecalledMemory> evidence) {

    static SkeinDetails of(TurnAnswer answer) {
        return new SkeinDetails(answer.turnId(), answer.messageId(), answer.sequence(), answer.reply().generatedBy(),
                answer.evidence());
    }
}
