package dev.skein.memory.bank;

import java.util.List;
import java.util.UUID;

import dev.skein.contracts.SummaryRequested;
import dev.skein.memory.MemoryProperties;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.memory.stream.Times;
import dev.skein.platform.tokens.TokenCounter;

import org.springframework.stereotype.Component;

/**
 * LongMem's windows: three consecutive messages, one every two (1–3, 3–5, ...), each with
 * its facts asked of the LLM when {@code SKEIN_FACTS_VIA_LLM} is on.
 */
@Component
class Windows {

    private final TokenCounter tokens;

    private final MemoryProperties properties;

    Windows(TokenCounter tokens, MemoryProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    /** Adds the windows the fresh messages complete, in stream order. */
    void closedBy(Conversation conversation, List<StoredMessage> fresh, RecentTurns recent, NewMemories added) {
        UUID uid = conversation.uid();
        for (StoredMessage m : fresh) {
            if (!BankRules.closesWindow(m.sequence())) {
                continue;
            }
            recent.between(m.sequence() - BankRules.WINDOW_TURNS + 1, m.sequence()).ifPresent(turns -> {
                BankMemory window = window(uid, turns);
                added.add(window);
                if (this.properties.factsViaLlm()) {
                    // answered with the window's id: the facts point to its turns
                    added.request(new SummaryRequested(UUID.randomUUID(), Times.now(), conversation.tenantId(),
                            conversation.conversationId(), uid, window.id(), MemoryBank.FACTS, window.text(),
                            this.properties.summaryTokens(), window.messageIds(), window.externalIds(),
                            window.firstSequence(), window.lastSequence()));
                }
            });
        }
    }

    private BankMemory window(UUID uid, List<StoredMessage> turns) {
        StoredMessage first = turns.get(0);
        StoredMessage last = turns.get(turns.size() - 1);
        String text = CoveredTurns.lines(turns);
        return new BankMemory(BankRules.memoryId(uid, "window", first.sequence() + "-" + last.sequence()), uid,
                "window", null, text, first.sequence(), last.sequence(), CoveredTurns.ids(turns),
                CoveredTurns.externalIds(turns), last.createdAt(), this.tokens.count(text), "extractive");
    }

}
