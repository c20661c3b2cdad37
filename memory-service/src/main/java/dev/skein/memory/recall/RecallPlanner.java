package dev.skein.memory.recall;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.skein.memory.MemoryProperties;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.memory.stream.TokenCounter;

import org.springframework.stereotype.Component;

/**
 * SCM's memory controller, per turn: which recent turns enter the prompt raw (flash memory), and
 * whether archived memory must be recalled, with how many tokens.
 *
 * <ul>
 * <li>Flash memory: the last {@code flashTurns} messages before the new one, newest first while
 * they fit the flash budget (a share of the context budget), then put back in stream order. A
 * turn over {@code summarizeTurnTokens} would be summarized in SCM; until summaries exist it is
 * cut to its first tokens and marked.</li>
 * <li>Recall: needed exactly when the stream holds messages older than flash memory, which is
 * why SCM's "recall from turn 3 on" falls out by itself for short windows.</li>
 * <li>Recall budget: what is left of the context budget after flash memory and the message.</li>
 * </ul>
 */
@Component
public class RecallPlanner {

    static final String TRUNCATION_MARK = " […]";

    private static final int KEY_PHRASES = 8;

    private final MemoryProperties properties;

    private final TokenCounter tokens;

    public RecallPlanner(MemoryProperties properties, TokenCounter tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    /** How many messages before the new one the caller should read: one more than fits, to see if older ones exist. */
    public int lookBehind() {
        return this.properties.flashTurns() + 1;
    }

    /**
     * Plans the turn of {@code message}.
     *
     * @param before the messages right before it, in stream order, as read with {@link #lookBehind()}
     */
    public TurnPlan plan(List<StoredMessage> before, StoredMessage message) {
        FlashMemory flash = flash(before);
        long recallBefore = flash.entries().isEmpty() ? message.sequence()
                : flash.entries().get(0).message().sequence();
        return new TurnPlan(flash, message.tokenCount(), flash.olderExist(),
                recallTokenBudget(flash, message.tokenCount()), this.properties.recallTopK(), recallBefore,
                KeyPhrases.of(message.content(), KEY_PHRASES));
    }

    /** Flash memory from the messages before a turn (stream order; more than fit is fine). */
    public FlashMemory flash(List<StoredMessage> before) {
        int window = Math.min(this.properties.flashTurns(), before.size());
        int budget = this.properties.flashBudgetTokens();
        List<FlashEntry> newestFirst = new ArrayList<>(window);
        int used = 0;
        for (int i = before.size() - 1; i >= before.size() - window; i--) {
            FlashEntry entry = fit(before.get(i));
            if (used + entry.tokens() > budget) {
                // stop at the first turn that does not fit: flash memory stays a contiguous
                // window, so "older than the oldest flash turn" is exactly what recall may add
                break;
            }
            newestFirst.add(entry);
            used += entry.tokens();
        }
        Collections.reverse(newestFirst);
        return new FlashMemory(List.copyOf(newestFirst), used, before.size() > newestFirst.size());
    }

    /** Context budget left for recalled memories after flash memory and the message, never negative. */
    public int recallTokenBudget(FlashMemory flash, int messageTokens) {
        return Math.max(0, this.properties.contextBudgetTokens() - flash.tokens() - messageTokens);
    }

    private FlashEntry fit(StoredMessage message) {
        int limit = this.properties.summarizeTurnTokens();
        if (message.tokenCount() <= limit) {
            return new FlashEntry(message, message.content(), message.tokenCount(), false);
        }
        int room = Math.max(0, limit - this.tokens.count(TRUNCATION_MARK));
        String cut = this.tokens.truncate(message.content(), room).text() + TRUNCATION_MARK;
        return new FlashEntry(message, cut, this.tokens.count(cut), true);
    }
}
