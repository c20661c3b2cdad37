package dev.skein.memory.bank;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.SummaryRequested;
import dev.skein.memory.MemoryProperties;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.MessageStore;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.memory.stream.Times;

import org.springframework.stereotype.Component;

/**
 * The segments (sessions) of a conversation: the open one is kept on the conversation's
 * row and is closed by a pause over {@code segmentGap} in the messages' own times or at
 * {@code segmentMaxTurns} messages. Each closed segment is summarised, and asked of the
 * LLM when {@code SKEIN_SUMMARIES_VIA_LLM} is on.
 */
@Component
class Segments {

    private final BankStore store;

    private final MessageStore messages;

    private final Summaries summaries;

    private final MemoryProperties properties;

    Segments(BankStore store, MessageStore messages, Summaries summaries, MemoryProperties properties) {
        this.store = store;
        this.messages = messages;
        this.summaries = summaries;
        this.properties = properties;
    }

    /**
     * Closes the segments the fresh messages end, adds their summaries, and moves the
     * open segment on.
     */
    Progress closedBy(Conversation conversation, List<StoredMessage> fresh, RecentTurns recent, NewMemories added) {
        UUID uid = conversation.uid();
        BankStore.OpenSegment open = this.store.openSegment(conversation);
        Boundaries boundaries = boundaries(open.start(), recent.at(fresh.get(0).sequence() - 1), fresh,
                this.properties.segmentGap(), this.properties.segmentMaxTurns());
        for (Range range : boundaries.closing()) {
            List<StoredMessage> turns = recent.between(range.first(), range.last())
                .orElseGet(() -> this.messages.range(uid, range.first(), range.last()));
            if (turns.isEmpty()) {
                continue;
            }
            BankMemory summary = this.summaries.segment(conversation, turns);
            if (summary.text().isBlank() && !this.properties.summariesViaLlm()) {
                // no sentence of the segment fits the budget whole: nothing worth
                // indexing
                continue;
            }
            added.add(summary);
            if (this.properties.summariesViaLlm()) {
                added.request(new SummaryRequested(UUID.randomUUID(), Times.now(), conversation.tenantId(),
                        conversation.conversationId(), uid, summary.id(), MemoryBank.SEGMENT, CoveredTurns.lines(turns),
                        this.properties.summaryTokens(), summary.messageIds(), summary.externalIds(),
                        summary.firstSequence(), summary.lastSequence()));
            }
        }
        long closed = open.closed() + boundaries.closing().size();
        if (boundaries.start() != open.start() || closed != open.closed()) {
            this.store.saveSegment(uid, new BankStore.OpenSegment(boundaries.start(), closed));
        }
        return new Progress(open.closed(), closed);
    }

    /**
     * Where the fresh messages end segments.
     * @param start the first sequence of the open segment
     * @param previous the message before the first fresh one, null when not at hand (no
     * session break is seen before the first fresh message then)
     */
    static Boundaries boundaries(long start, StoredMessage previous, List<StoredMessage> fresh, Duration gap,
            int maxTurns) {
        List<Range> closing = new ArrayList<>();
        for (StoredMessage m : fresh) {
            if (m.sequence() > start && previous != null
                    && BankRules.isSessionBreak(previous.createdAt(), m.createdAt(), gap)) {
                closing.add(new Range(start, m.sequence() - 1));
                start = m.sequence();
            }
            if (m.sequence() - start + 1 >= maxTurns) {
                closing.add(new Range(start, m.sequence()));
                start = m.sequence() + 1;
            }
            previous = m;
        }
        return new Boundaries(closing, start);
    }

    /** The sequences of a segment, both included. */
    record Range(long first, long last) {
    }

    /** The segments closed, in order, and where the open segment starts after them. */
    record Boundaries(List<Range> closing, long start) {
    }

    /** Segments closed before the append and after it. */
    record Progress(long closedBefore, long closed) {

        /**
         * Whether the count passed a multiple of {@code fanout} (once, however many it
         * passed).
         */
        boolean crossed(int fanout) {
            return this.closed / fanout > this.closedBefore / fanout;
        }
    }

}
