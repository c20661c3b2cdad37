package dev.skein.contracts.internal;

import java.util.List;

import dev.skein.contracts.SalientMemory;

/**
 * A conversation's most salient memories now, as a turn's recall gets them (without the
 * flash window).
 */
public record SalientMemories(List<SalientMemory> salient) {
}
