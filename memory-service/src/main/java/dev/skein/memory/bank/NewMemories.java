package dev.skein.memory.bank;

import java.util.ArrayList;
import java.util.List;

import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.SummaryRequested;

/**
 * What one append adds to the bank, in the order it was found: the memories to store and
 * announce, and the LLM summaries and facts to ask for once they are announced.
 */
final class NewMemories {

    private final List<BankMemory> memories = new ArrayList<>();

    private final List<SkeinEvent> requests = new ArrayList<>();

    void add(BankMemory memory) {
        this.memories.add(memory);
    }

    void request(SummaryRequested request) {
        this.requests.add(request);
    }

    List<BankMemory> memories() {
        return this.memories;
    }

    List<SkeinEvent> requests() {
        return this.requests;
    }

    boolean isEmpty() {
        return this.memories.isEmpty();
    }

}
