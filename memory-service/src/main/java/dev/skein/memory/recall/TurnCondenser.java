package dev.skein.memory.recall;

import dev.skein.memory.stream.StoredMessage;

/** Condenses a flash turn that is too long (SCM summarizes turns over 300 tokens). */
@FunctionalInterface
interface TurnCondenser {

    /**
     * A summary of the message within {@code maxTokens}, or an empty string when none
     * fits.
     */
    String condense(StoredMessage message, int maxTokens);

}
