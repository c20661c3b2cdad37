package dev.skein.memory.bank;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.SummaryRequested;
import dev.skein.memory.MemoryProperties;
import dev.skein.memory.outbox.Outbox;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.EditClock;
import dev.skein.memory.stream.MessageStore;
import dev.skein.memory.stream.Preceding;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.memory.stream.Times;
import dev.skein.platform.tokens.TokenCounter;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * LongMem's memory bank beyond single turns, announced to retrieval with
 * {@link MemoryRecorded}:
 * <ul>
 * <li>windows of three consecutive messages, one every two (1–3, 3–5, ...);</li>
 * <li>a summary of every closed segment (a session: no pause over {@code segmentGap} in
 * the messages' own times, at most {@code segmentMaxTurns} messages);</li>
 * <li>a conversation summary rebuilt from the segment summaries every
 * {@code summaryFanout} segments (hierarchical: it never reads the raw history
 * again).</li>
 * </ul>
 * Ids derive from the conversation, kind and range, so rebuilding a memory upserts it.
 * Each kind is found by its own class ({@link Windows}, {@link Segments},
 * {@link Summaries}); this one stores and announces what they found, in the caller's
 * transaction.
 */
@Service
public class MemoryBank {

    static final String SEGMENT = "segment";

    static final String CONVERSATION = "conversation";

    /** The level of a {@link SummaryRequested} that asks for a window's facts. */
    static final String FACTS = "facts";

    static final String FACT = "fact";

    private final BankStore store;

    private final MessageStore messages;

    private final Windows windows;

    private final Segments segments;

    private final Summaries summaries;

    private final TokenCounter tokens;

    private final Outbox outbox;

    private final MemoryProperties properties;

    private final EditClock clock;

    MemoryBank(BankStore store, MessageStore messages, Windows windows, Segments segments, Summaries summaries,
            TokenCounter tokens, Outbox outbox, MemoryProperties properties, EditClock clock) {
        this.clock = clock;
        this.store = store;
        this.messages = messages;
        this.windows = windows;
        this.segments = segments;
        this.summaries = summaries;
        this.tokens = tokens;
        this.outbox = outbox;
        this.properties = properties;
    }

    /**
     * The memories the fresh messages complete: windows, the summaries of the segments
     * they close and, when the closed segments pass a multiple of {@code summaryFanout},
     * the conversation summary; announced in that order, the LLM requests after them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void appended(Conversation conversation, List<StoredMessage> fresh, @Nullable Preceding preceding,
            String correlationId) {
        if (fresh.isEmpty()) {
            return;
        }
        // a window reaches back this far before the first fresh message
        int reach = BankRules.WINDOW_TURNS - 1;
        RecentTurns recent = new RecentTurns(preceding != null && preceding.reach(reach) ? preceding.messages()
                : this.messages.recentBefore(conversation.uid(), fresh.get(0).sequence(), reach), fresh);
        NewMemories added = new NewMemories();
        this.windows.closedBy(conversation, fresh, recent, added);
        Segments.Progress segments = this.segments.closedBy(conversation, fresh, recent, added);
        if (added.isEmpty()) {
            return;
        }
        announce(conversation, added, segments, correlationId);
    }

    /**
     * Stores the new memories and announces them, with the conversation summary when it
     * is due.
     */
    private void announce(Conversation conversation, NewMemories added, Segments.Progress segments,
            String correlationId) {
        this.store.upsert(added.memories());
        long revision = this.clock.current(conversation);
        List<SkeinEvent> events = new ArrayList<>();
        for (BankMemory memory : added.memories()) {
            events.add(recorded(conversation, memory, revision));
        }
        if (segments.crossed(this.properties.summaryFanout())) {
            // once per batch, however many multiples of the fan-out an import crossed
            this.summaries.rebuildConversation(conversation)
                .ifPresent(s -> events.add(recorded(conversation, s, revision)));
        }
        events.addAll(added.requests());
        this.outbox.addAll(events, correlationId);
    }

    /**
     * Stores an LLM summary in place of the extractive one and re-announces it (same id:
     * an upsert); an answer for a window holds its facts, stored as fact memories of the
     * window's turns.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean summaryGenerated(Conversation conversation, UUID summaryId, String content, String generatedBy,
            String correlationId) {
        Optional<BankMemory> existing = this.store.find(conversation.uid(), summaryId);
        if (existing.isEmpty() || content == null || content.isBlank()) {
            return false;
        }
        BankMemory old = existing.get();
        if ("window".equals(old.kind())) {
            return factsGenerated(conversation, old, content, generatedBy, correlationId);
        }
        BankMemory updated = new BankMemory(old.id(), old.conversationUid(), old.kind(), old.level(), content.strip(),
                old.firstSequence(), old.lastSequence(), old.messageIds(), old.externalIds(), old.createdAt(),
                this.tokens.count(content.strip()), generatedBy == null ? "llm" : generatedBy);
        this.store.upsert(List.of(updated));
        // the summary asked for still exists: no turn it holds was corrected since (a
        // correction deletes it), so the clock now is as good as the clock then
        this.outbox.add(recorded(conversation, updated, this.clock.current(conversation.uid())), correlationId);
        return true;
    }

    /**
     * One fact memory per line of the answer (at most
     * {@link BankRules#FACTS_PER_WINDOW}), each pointing to the window's turns.
     */
    private boolean factsGenerated(Conversation conversation, BankMemory window, String content, String generatedBy,
            String correlationId) {
        List<String> facts = BankRules.facts(content);
        if (facts.isEmpty()) {
            return false;
        }
        List<BankMemory> memories = new ArrayList<>(facts.size());
        for (int i = 0; i < facts.size(); i++) {
            String fact = facts.get(i);
            memories.add(new BankMemory(
                    BankRules.memoryId(conversation.uid(), FACT,
                            window.firstSequence() + "-" + window.lastSequence() + ":" + i),
                    conversation.uid(), FACT, null, fact, window.firstSequence(), window.lastSequence(),
                    window.messageIds(), window.externalIds(), window.createdAt(), this.tokens.count(fact),
                    generatedBy == null ? "llm" : generatedBy));
        }
        this.store.upsert(memories);
        long revision = this.clock.current(conversation.uid());
        this.outbox.addAll(memories.stream().map(m -> (SkeinEvent) recorded(conversation, m, revision)).toList(),
                correlationId);
        return true;
    }

    @Transactional(readOnly = true)
    public List<BankMemory> latestSummaries(UUID conversationUid, int limit) {
        return this.store.latestSummaries(conversationUid, limit);
    }

    @Transactional(readOnly = true)
    public long count(UUID conversationUid, String kind) {
        return this.store.count(conversationUid, kind);
    }

    /** Windows and summaries of a conversation (turns are its messages). */
    @Transactional(readOnly = true)
    public long countAll(UUID conversationUid) {
        return this.store.countAll(conversationUid);
    }

    /** A window, summary or fact of the conversation. */
    public Optional<BankMemory> find(UUID conversationUid, UUID id) {
        return this.store.find(conversationUid, id);
    }

    /**
     * @param revision the conversation's edit clock when the memory was built
     * ({@link EditClock}): the index refuses it if a turn it holds was corrected later
     */
    public static MemoryRecorded recorded(Conversation conversation, BankMemory memory, long revision) {
        return new MemoryRecorded(UUID.randomUUID(), Times.now(), conversation.tenantId(),
                conversation.conversationId(), conversation.uid(), memory.id(), memory.kind(), null, null,
                memory.text(), memory.messageIds(), memory.externalIds(), memory.firstSequence(), memory.lastSequence(),
                memory.createdAt(), List.of(), List.of(), revision);
    }

}
