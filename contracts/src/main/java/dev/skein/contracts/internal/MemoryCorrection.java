package dev.skein.contracts.internal;

import java.util.List;
import java.util.UUID;

import dev.skein.contracts.MemoryRecorded;
import org.jspecify.annotations.Nullable;

/**
 * The memory-service's answer to a {@link MemoryPatch}: the memory as it is now, and what
 * the index must do so a search reflects it at once.
 *
 * @param memory the corrected (or pinned) memory
 * @param dropped the windows, summaries and facts derived from a corrected turn, deleted
 * with the old text: the index drops them
 * @param reindex the corrected memory for the index to re-embed; null when its text did
 * not change
 */
public record MemoryCorrection(MemoryItem memory, List<UUID> dropped, @Nullable MemoryRecorded reindex) {

    public MemoryCorrection {
        dropped = dropped == null ? List.of() : List.copyOf(dropped);
    }
}
