package dev.skein.memory.recall;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongPredicate;

import dev.skein.memory.MemoryProperties;
import dev.skein.memory.salience.ExtractiveSummarizer;
import dev.skein.memory.salience.Cues;
import dev.skein.memory.salience.UnigramModel;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.platform.tokens.TokenCounter;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * SCM's memory controller, per turn: which recent turns enter the prompt raw (flash
 * memory), and whether archived memory must be recalled, with how many tokens.
 *
 * <ul>
 * <li>Flash memory: the last {@code flashTurns} messages before the new one, newest first
 * while they fit the flash budget (a share of the context budget), then put back in
 * stream order; older ones are dropped (they are in the archive). A turn over
 * {@code summarizeTurnTokens} is replaced by its extractive summary, marked
 * {@value #SUMMARY_MARK}(as SCM does).</li>
 * <li>Recall: only when the stream holds messages older than flash memory (the archive);
 * with policy {@code always} then always, with {@code auto} only when the message asks
 * something, refers to the past, or names a key phrase found in the archive.</li>
 * <li>Recall budget: what is left of the context budget after flash memory and the
 * message.</li>
 * </ul>
 */
@Component
public class RecallPlanner {

    static final String TRUNCATION_MARK = " […]";

    static final String SUMMARY_MARK = "[summary] ";

    private static final int KEY_PHRASES = 8;

    private static final UnigramModel NO_MODEL = new UnigramModel(java.util.Map.of(), 0, 0);

    private final MemoryProperties properties;

    private final TokenCounter tokens;

    private final TurnCondenser condenser;

    @Autowired
    RecallPlanner(MemoryProperties properties, TokenCounter tokens, TurnCondenser condenser) {
        this.properties = properties;
        this.tokens = tokens;
        this.condenser = condenser;
    }

    /**
     * Without the tenant's model: a long turn keeps its first sentences that fit (tests,
     * tools).
     */
    RecallPlanner(MemoryProperties properties, TokenCounter tokens) {
        this(properties, tokens,
                (message, max) -> ExtractiveSummarizer
                    .summarize(List.of(new ExtractiveSummarizer.Source(0, null, message.content())), NO_MODEL, max,
                            tokens)
                    .text());
    }

    /**
     * How many messages before the new one the caller should read: one more than fits, to
     * see if older ones exist.
     */
    public int lookBehind() {
        return this.properties.flashTurns() + 1;
    }

    /**
     * Plans the turn of {@code message}.
     * @param before the messages right before it, in stream order, as read with
     * {@link #lookBehind()}
     */
    TurnPlan plan(List<StoredMessage> before, StoredMessage message) {
        return plan(before, message, KeyPhrases.of(message.content(), KEY_PHRASES), sequence -> false);
    }

    /**
     * Plans the turn of {@code message} with its key phrases (SirLLM).
     * @param archiveMentions whether the archive (memories before the given sequence)
     * holds one of the message's key phrases; asked only under policy {@code auto} when
     * no cue decided already
     */
    public TurnPlan plan(List<StoredMessage> before, StoredMessage message, List<String> keyPhrases,
            LongPredicate archiveMentions) {
        return plan(before, message, keyPhrases, archiveMentions, false);
    }

    /**
     * Plans the turn of {@code message} in a conversation whose user may have other
     * conversations.
     * @param otherConversations whether recall may also reach the user's other
     * conversations: their memories are an archive too, so a user's new conversation
     * recalls from its first turn on
     */
    public TurnPlan plan(List<StoredMessage> before, StoredMessage message, List<String> keyPhrases,
            LongPredicate archiveMentions, boolean otherConversations) {
        FlashMemory flash = flash(before);
        long recallBefore = flash.entries().isEmpty() ? message.sequence()
                : flash.entries().get(0).message().sequence();
        boolean recall = decideRecall(this.properties.recallAlways(), flash.olderExist() || otherConversations,
                message.content(), () -> archiveMentions.test(recallBefore));
        return new TurnPlan(flash, message.tokenCount(), recall, recallTokenBudget(flash, message.tokenCount()),
                this.properties.recallTopK(), recallBefore, keyPhrases);
    }

    /** SCM's recall decision: never without an archive; with one, always, or on a cue. */
    static boolean decideRecall(boolean always, boolean archiveExists, String text,
            java.util.function.BooleanSupplier archiveMentions) {
        if (!archiveExists) {
            return false;
        }
        return always || Cues.isQuestion(text) || Cues.refersToPast(text) || archiveMentions.getAsBoolean();
    }

    /**
     * Flash memory from the messages before a turn (stream order; more than fit is fine).
     */
    public FlashMemory flash(List<StoredMessage> before) {
        int window = Math.min(this.properties.flashTurns(), before.size());
        int budget = this.properties.flashBudgetTokens();
        List<FlashEntry> newestFirst = new ArrayList<>(window);
        int used = 0;
        for (int i = before.size() - 1; i >= before.size() - window; i--) {
            FlashEntry entry = fit(before.get(i));
            if (used + entry.tokens() > budget) {
                // stop at the first turn that does not fit: flash memory stays a
                // contiguous
                // window, so "older than the oldest flash turn" is exactly what recall
                // may add
                break;
            }
            newestFirst.add(entry);
            used += entry.tokens();
        }
        Collections.reverse(newestFirst);
        return new FlashMemory(List.copyOf(newestFirst), used, before.size() > newestFirst.size());
    }

    /**
     * Context budget left for recalled memories after flash memory and the message, never
     * negative.
     */
    public int recallTokenBudget(FlashMemory flash, int messageTokens) {
        return Math.max(0, this.properties.contextBudgetTokens() - flash.tokens() - messageTokens);
    }

    private FlashEntry fit(StoredMessage message) {
        int limit = this.properties.summarizeTurnTokens();
        if (message.tokenCount() <= limit) {
            return new FlashEntry(message, message.content(), message.tokenCount(), false, false);
        }
        String summary = this.condenser.condense(message, Math.max(0, limit - this.tokens.count(SUMMARY_MARK)));
        if (!summary.isBlank()) {
            String content = SUMMARY_MARK + summary;
            return new FlashEntry(message, content, this.tokens.count(content), false, true);
        }
        // not one sentence fits whole: its first tokens, marked
        int room = Math.max(0, limit - this.tokens.count(TRUNCATION_MARK));
        String cut = this.tokens.truncate(message.content(), room).text() + TRUNCATION_MARK;
        return new FlashEntry(message, cut, this.tokens.count(cut), true, false);
    }

}
