package dev.skein.memory.recall;

import dev.skein.contracts.FlashTurn;
import dev.skein.memory.stream.StoredMessage;

/**
 * One turn of flash memory as it enters the prompt.
 *
 * @param content the message's content; for a turn longer than a flash turn may be, its
 * extractive summary prefixed with {@value RecallPlanner#SUMMARY_MARK}
 * ({@code summarized}), or, when not one sentence fits whole, its first tokens ending
 * with a marker ({@code truncated})
 * @param tokens tokens of {@code content}
 */
public record FlashEntry(StoredMessage message, String content, int tokens, boolean truncated, boolean summarized) {

    /** A message as a turn of the prompt, whole (the user's own message is never cut). */
    public static FlashTurn whole(StoredMessage message) {
        return new FlashTurn(message.id(), message.sequence(), message.role(), message.speaker(), message.content(),
                message.externalId(), message.createdAt());
    }

    FlashTurn toFlashTurn() {
        return new FlashTurn(this.message.id(), this.message.sequence(), this.message.role(), this.message.speaker(),
                this.content, this.message.externalId(), this.message.createdAt());
    }
}
