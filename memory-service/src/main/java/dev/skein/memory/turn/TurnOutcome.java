package dev.skein.memory.turn;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.Usage;
import org.jspecify.annotations.Nullable;

/**
 * What became of a turn: still {@code requested}, {@code completed} with its reply, or
 * {@code failed}.
 *
 * @param messageId the user message the turn answers
 * @param replyId the assistant message, once completed
 */
record TurnOutcome(UUID turnId, UUID conversationUid, UUID messageId, State state, Instant requestedAt,
        @Nullable UUID replyId, @Nullable String generatedBy, List<Evidence> evidence, @Nullable Usage usage) {

    enum State {

        REQUESTED, COMPLETED, FAILED

    }

}
