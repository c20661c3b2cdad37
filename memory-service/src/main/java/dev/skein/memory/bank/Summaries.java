package dev.skein.memory.bank;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.skein.memory.MemoryProperties;
import dev.skein.memory.salience.ExtractiveSummarizer;
import dev.skein.memory.salience.Salience;
import dev.skein.memory.salience.UnigramModel;
import dev.skein.memory.stream.Conversation;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.platform.tokens.TokenCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The bank's extractive summaries, ranked by the tenant's unigram model: of a closed
 * segment, and of the whole conversation from its segment summaries (hierarchical: it
 * never reads the raw history again).
 */
@Component
class Summaries {

    private static final Logger log = LoggerFactory.getLogger(Summaries.class);

    private final BankStore store;

    private final Salience salience;

    private final TokenCounter tokens;

    private final MemoryProperties properties;

    Summaries(BankStore store, Salience salience, TokenCounter tokens, MemoryProperties properties) {
        this.store = store;
        this.salience = salience;
        this.tokens = tokens;
        this.properties = properties;
    }

    BankMemory segment(Conversation conversation, List<StoredMessage> turns) {
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
        // a segment summary covers every message of its segment, whichever sentences it
        // kept
        return new BankMemory(
                BankRules.memoryId(conversation.uid(), "summary",
                        MemoryBank.SEGMENT + ":" + first.sequence() + "-" + last.sequence()),
                conversation.uid(), "summary", MemoryBank.SEGMENT, summary.text(), first.sequence(), last.sequence(),
                CoveredTurns.ids(turns), CoveredTurns.externalIds(turns), last.createdAt(), summary.tokens(),
                "extractive");
    }

    /**
     * Rebuilds and stores the conversation summary; empty when there is nothing to
     * summarise.
     */
    Optional<BankMemory> rebuildConversation(Conversation conversation) {
        List<BankMemory> segments = this.store.summaries(conversation.uid(), MemoryBank.SEGMENT);
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
        // the messages of the segments whose sentences it kept: the ids of what it
        // actually says
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
        BankMemory memory = new BankMemory(BankRules.memoryId(conversation.uid(), "summary", MemoryBank.CONVERSATION),
                conversation.uid(), "summary", MemoryBank.CONVERSATION, summary.text(), segments.get(0).firstSequence(),
                last.lastSequence(), List.copyOf(messageIds), List.copyOf(externalIds), last.createdAt(),
                summary.tokens(), "extractive");
        this.store.upsert(List.of(memory));
        log.debug("Conversation summary of {} rebuilt from {} segment summaries", conversation.uid(), segments.size());
        return Optional.of(memory);
    }

}
