package dev.skein.contracts.internal;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Memory ids: the memories a deletion removed (the memory and the windows, summaries and
 * facts derived from it), for the index to drop.
 *
 * @param conversationUid the conversation's incarnation, when {@code deletedMessageIds}
 * is not empty
 * @param deletedMessageIds the messages the deletion removed (a turn's memory is its
 * message). They never come back, so the index also refuses every memory event that still
 * holds one and arrives after the drop: a window or summary rolled up before the deletion
 * and relayed after it
 */
public record MemoryIds(List<UUID> memoryIds, @Nullable UUID conversationUid, List<UUID> deletedMessageIds) {

    public MemoryIds {
        memoryIds = memoryIds == null ? List.of() : List.copyOf(memoryIds);
        deletedMessageIds = deletedMessageIds == null ? List.of() : List.copyOf(deletedMessageIds);
    }

    /** Memories to drop; no message was deleted. */
    public MemoryIds(List<UUID> memoryIds) {
        this(memoryIds, null, List.of());
    }

}
