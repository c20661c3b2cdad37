package dev.skein.contracts.internal;

import java.util.List;
import java.util.UUID;

/**
 * Memory ids: the memories a deletion removed (the memory and the windows, summaries and
 * facts derived from it), for the index to drop.
 */
public record MemoryIds(List<UUID> memoryIds) {
}
