package dev.skein.memory.salience;

import java.util.UUID;

/** One memory's salience as stored: the base, the turn it was last set, and why. */
public record SalienceRow(UUID memoryId, long sequence, double base, long lastTurn, String reason, UUID supersededBy,
        Long supersededTurn) {
}
