package dev.skein.contracts;

import java.util.UUID;

/**
 * An archived memory and its current salience in [0, 1] (after decay and reinforcement).
 */
public record SalientMemory(UUID memoryId, double salience) {
}
