package dev.skein.memory.bank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.SkeinEvent;
import dev.skein.contracts.SummaryRequested;
import dev.skein.memory.MemoryProperties;
import dev.skein.memory.outbox.Outbox;
import dev.skein.memory.salience.ExtractiveSummarizer;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.salience.UnigramModel;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.MessageStore;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.memory.stream.Times;
import dev.skein.platform.tokens.TokenCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * LongMem's memory bank beyond single turns, announced to retrieval with {@link MemoryRecorded}:
 * <ul>
 * <li>windows of three consecutive messages, one every two (1–3, 3–5, ...);</li>
 * <li>a summary of every closed segment (a session: no pause over {@code segmentGap} in the
 * messages' own times, at most {@code segmentMaxTurns} messages);</li>
 * <li>a conversation summary rebuilt from the segment summaries every {@code summaryFanout}
 * segments (hierarchical: it never reads the raw history again).</li>
 * </ul>
 * Ids derive from the conversation, kind and range, so rebuilding a memory upserts it.
 */
@Service
public class MemoryBank {

    public static final String SEGMENT = "segment";

    public static final String CONVERSATION = "conversation";

    /** The level of a {@link SummaryRequested} that asks for a window's facts. */
    public static final String FACTS = "facts";

    public static final String FACT = "fact";

    private static final Logger log = LoggerFactory.getLogger(MemoryBank.class);

    private final BankStore store;

    private final MessageStore messages;

    private final Salience salience;

    private final TokenCounter tokens;

    private final Outbox outbox;

    private final MemoryProperties properties;

    MemoryBank(BankStore store, MessageStore messages, Salience salience, TokenCounter tokens, Outbox outbox,
            MemoryProperties properties) {
        this.store = store;
        this.messages = messages;
        this.salience = salience;
        this.tokens = tokens;
        this.outbox = outbox;
        this.properties = properties;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void appended(Conversation conversation, List<StoredMessage> fresh, String correlationId) {
        if (fresh.isEmpty()) {
            return;
        }
        UUID uid = conversation.uid();
        Map<Long, StoredMessage> bySequence = new HashMap<>();
        for (StoredMessage m : this.messages.recentBefore(uid, fresh.get(0).sequence(), BankRules.WINDOW_TURNS - 1)) {
            bySequence.put(m.sequence(), m);
        }
        for (StoredMessage m : fresh) {
            bySequence.put(m.sequence(), m);
        }
        List<BankMemory> memories = new ArrayList<>();
        List<SkeinEvent> requests = new ArrayList<>();
        for (StoredMessage m : fresh) {
            if (BankRules.closesWindow(m.sequence())) {
                List<StoredMessage> turns = new ArrayList<>();
                for (long s = m.sequence() - BankRules.WINDOW_TURNS + 1; s <= m.sequence(); s++) {
                    StoredMessage turn = bySequence.get(s);
                    if (turn != null) {
                        turns.add(turn);
                    }
                }
                if (turns.size() == BankRules.WINDOW_TURNS) {
                    BankMemory window = window(uid, turns);
                    memories.add(window);
                    if (this.properties.factsViaLlm()) {
                        // answered with the window's id: the facts point to its turns
                        requests.add(new SummaryRequested(UUID.randomUUID(), Times.now(), conversation.tenantId(),
                                conversation.conversationId(), uid, window.id(), FACTS, window.text(),
                                this.properties.summaryTokens(), window.messageIds(), window.externalIds(),
                                window.firstSequence(), window.lastSequence()));
                    }
                }
            }
        }
        BankStore.OpenSegment segment = this.store.openSegment(uid);
        long start = segment.start();
        long closedBefore = segment.closed();
        List<long[]> closing = new ArrayList<>();
        StoredMessage previous = bySequence.get(fresh.get(0).sequence() - 1);
        for (StoredMessage m : fresh) {
            if (m.sequence() > start && previous != null
                    && BankRules.isSessionBreak(previous.createdAt(), m.createdAt(), this.properties.segmentGap())) {
                closing.add(new long[] { start, m.sequence() - 1 });
                start = m.sequence();
            }
            if (m.sequence() - start + 1 >= this.properties.segmentMaxTurns()) {
                closing.add(new long[] { start, m.sequence() });
                start = m.sequence() + 1;
            }
            previous = m;
        }
        for (long[] range : closing) {
            List<StoredMessage> turns = new ArrayList<>();
            boolean complete = true;
            for (long s = range[0]; s <= range[1] && complete; s++) {
                StoredMessage turn = bySequence.get(s);
                complete = turn != null;
                if (complete) {
                    turns.add(turn);
                }
            }
            if (!complete) {
                turns = this.messages.range(uid, range[0], range[1]);
            }
            if (turns.isEmpty()) {
                continue;
            }
            BankMemory summary = segmentSummary(conversation, turns);
            if (summary.text().isBlank() && !this.properties.summariesViaLlm()) {
                // no sentence of the segment fits the budget whole: nothing worth indexing
                continue;
            }
            memories.add(summary);
            if (this.properties.summariesViaLlm()) {
                requests.add(new SummaryRequested(UUID.randomUUID(), Times.now(), conversation.tenantId(),
                        conversation.conversationId(), uid, summary.id(), SEGMENT, lines(turns),
                        this.properties.summaryTokens(), summary.messageIds(), summary.externalIds(),
                        summary.firstSequence(), summary.lastSequence()));
            }
        }
        long closed = closedBefore + closing.size();
        if (start != segment.start() || closed != closedBefore) {
            this.store.saveSegment(uid, new BankStore.OpenSegment(start, closed));
        }
        if (memories.isEmpty()) {
            return;
        }
        this.store.upsert(memories);
        List<SkeinEvent> events = new ArrayList<>();
        for (BankMemory memory : memories) {
            events.add(recorded(conversation, memory));
        }
        int fanout = this.properties.summaryFanout();
        if (closed / fanout > closedBefore / fanout) {
            // once per batch, however many multiples of the fan-out an import crossed
            rebuildConversationSummary(conversation).ifPresent(s -> events.add(recorded(conversation, s)));
        }
        events.addAll(requests);
        this.outbox.addAll(events, correlationId);
    }

    /**
     * Stores an LLM summary in place of the extractive one and re-announces it (same id: an upsert);
     * an answer for a window holds its facts, stored as fact memories of the window's turns.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean summaryGenerated(Conversation conversation, UUID summaryId, String content, String generatedBy,
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
        this.outbox.add(recorded(conversation, updated), correlationId);
        return true;
    }

    /** One fact memory per line of the answer (at most {@link BankRules#FACTS_PER_WINDOW}), each pointing to the window's turns. */
    private boolean factsGenerated(Conversation conversation, BankMemory window, String content, String generatedBy,
            String correlationId) {
        List<String> facts = BankRules.facts(content);
        if (facts.isEmpty()) {
            return false;
        }
        List<BankMemory> memories = new ArrayList<>(facts.size());
        for (int i = 0; i < facts.size(); i++) {
            String fact = facts.get(i);
            memories.add(new BankMemory(BankRules.memoryId(conversation.uid(), FACT,
                    window.firstSequence() + "-" + window.lastSequence() + ":" + i), conversation.uid(), FACT, null,
                    fact, window.firstSequence(), window.lastSequence(), window.messageIds(), window.externalIds(),
                    window.createdAt(), this.tokens.count(fact), generatedBy == null ? "llm" : generatedBy));
        }
        this.store.upsert(memories);
        this.outbox.addAll(memories.stream().map(m -> (SkeinEvent) recorded(conversation, m)).toList(), correlationId);
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

    private BankMemory window(UUID uid, List<StoredMessage> turns) {
        StoredMessage first = turns.get(0);
        StoredMessage last = turns.get(turns.size() - 1);
        String text = lines(turns);
        return new BankMemory(BankRules.memoryId(uid, "window", first.sequence() + "-" + last.sequence()), uid,
                "window", null, text, first.sequence(), last.sequence(), ids(turns), externalIds(turns),
                last.createdAt(), this.tokens.count(text), "extractive");
    }

    private BankMemory segmentSummary(Conversation conversation, List<StoredMessage> turns) {
        List<ExtractiveSummarizer.Source> sources = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).quotesMemories()) {
                continue;
            }
            sources.add(new ExtractiveSummarizer.Source(i, turns.get(i).speaker(), turns.get(i).content()));
            texts.add(turns.get(i).content());
        }
        UnigramModel model = this.salience.model(conversation.tenantId(), texts);
        ExtractiveSummarizer.Summary summary = ExtractiveSummarizer.summarize(sources, model,
                this.properties.summaryTokens(), this.tokens);
        StoredMessage first = turns.get(0);
        StoredMessage last = turns.get(turns.size() - 1);
        // a segment summary covers every message of its segment, whichever sentences it kept
        return new BankMemory(BankRules.memoryId(conversation.uid(), "summary",
                SEGMENT + ":" + first.sequence() + "-" + last.sequence()), conversation.uid(), "summary", SEGMENT,
                summary.text(), first.sequence(), last.sequence(), ids(turns), externalIds(turns), last.createdAt(),
                summary.tokens(), "extractive");
    }

    private Optional<BankMemory> rebuildConversationSummary(Conversation conversation) {
        List<BankMemory> segments = this.store.summaries(conversation.uid(), SEGMENT);
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        List<ExtractiveSummarizer.Source> sources = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            // the segment summary's lines already name their speakers
            sources.add(new ExtractiveSummarizer.Source(i, null, segments.get(i).text()));
            texts.add(segments.get(i).text());
        }
        UnigramModel model = this.salience.model(conversation.tenantId(), texts);
        ExtractiveSummarizer.Summary summary = ExtractiveSummarizer.summarize(sources, model,
                this.properties.summaryTokens(), this.tokens);
        // the messages of the segments whose sentences it kept: the ids of what it actually says
        Set<UUID> messageIds = new LinkedHashSet<>();
        Set<String> externalIds = new LinkedHashSet<>();
        for (int index : summary.sources()) {
            messageIds.addAll(segments.get(index).messageIds());
            externalIds.addAll(segments.get(index).externalIds());
        }
        if (summary.text().isBlank()) {
            return Optional.empty();
        }
        BankMemory last = segments.get(segments.size() - 1);
        BankMemory memory = new BankMemory(BankRules.memoryId(conversation.uid(), "summary", CONVERSATION),
                conversation.uid(), "summary", CONVERSATION, summary.text(), segments.get(0).firstSequence(),
                last.lastSequence(), List.copyOf(messageIds), List.copyOf(externalIds), last.createdAt(),
                summary.tokens(), "extractive");
        this.store.upsert(List.of(memory));
        log.debug("Conversation summary of {} rebuilt from {} segment summaries", conversation.uid(), segments.size());
        return Optional.of(memory);
    }

    static MemoryRecorded recorded(Conversation conversation, BankMemory memory) {
        return new MemoryRecorded(UUID.randomUUID(), Times.now(), conversation.tenantId(),
                conversation.conversationId(), conversation.uid(), memory.id(), memory.kind(), null, null,
                memory.text(), memory.messageIds(), memory.externalIds(), memory.firstSequence(),
                memory.lastSequence(), memory.createdAt(), List.of(), List.of());
    }

    /** The turns as "speaker: text" lines; the extractive responder's quotes of memories are left out. */
    static String lines(List<StoredMessage> turns) {
        StringBuilder text = new StringBuilder();
        for (StoredMessage m : turns) {
            if (m.quotesMemories()) {
                continue;
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(m.speaker()).append(": ").append(m.content());
        }
        return text.toString();
    }

    private static List<UUID> ids(List<StoredMessage> turns) {
        return turns.stream().map(StoredMessage::id).toList();
    }

    private static List<String> externalIds(List<StoredMessage> turns) {
        return turns.stream().map(StoredMessage::externalId).filter(id -> id != null).toList();
    }
}
