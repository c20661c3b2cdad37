package dev.skein.memory.recall;

import java.util.List;

import dev.skein.contracts.FlashTurn;

/**
 * The recent turns that enter the prompt raw, in stream order.
 *
 * @param olderExist whether the stream has messages before the oldest flash turn: those
 * can only reach the prompt by recall
 */
public record FlashMemory(List<FlashEntry> entries, int tokens, boolean olderExist) {

    public List<FlashTurn> turns() {
        return this.entries.stream().map(FlashEntry::toFlashTurn).toList();
    }
}
