package dev.skein.memory.salience;

import java.util.UUID;

/**
 * One memory's salience as stored: the base, the turn it was last set, and why.
 *
 * @param pinned whether it never decays below the pin floor (read only: upserts leave the
 * stored flag as it is)
 */
public record SalienceRow(UUID memoryId, long sequence, double base, long lastTurn, String reason, UUID supersededBy,
        Long supersededTurn, boolean pinned) {

    public SalienceRow(UUID memoryId, long sequence, double base, long lastTurn, String reason, UUID supersededBy,
            Long supersededTurn) {
        this(memoryId, sequence, base, lastTurn, reason, supersededBy, supersededTurn, false);
    }
}
