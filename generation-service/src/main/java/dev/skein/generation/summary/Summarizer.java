package dev.skein.generation.summary;

import java.util.List;

import dev.skein.contracts.SummaryRequested;
import dev.skein.generation.llm.LlmAnswer;
import dev.skein.generation.llm.LlmCallFailed;
import dev.skein.generation.llm.LlmProviders;
import dev.skein.generation.prompt.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Summarizes a segment or a conversation for the memory-service: the LLM providers when
 * configured, else, or when they fail, {@link ExtractiveSummarizer}. Either way the
 * summary stays within {@code maxTokens}.
 */
@Component
public class Summarizer {

    private static final Logger log = LoggerFactory.getLogger(Summarizer.class);

    static final String INSTRUCTION = "Summarize the conversation excerpt you are given, faithfully, in at most "
            + "%d tokens (about %d words). Keep every name, date and number exactly as written and who said what. "
            + "Add nothing that is not in the text. Write plain prose without a preamble.";

    /**
     * The level of a request for a window's facts (LongMemEval's fact-augmented keys).
     */
    public static final String FACTS = "facts";

    static final String FACTS_INSTRUCTION = "List the facts stated in the conversation excerpt you are given that "
            + "are worth remembering about the speakers: events, plans, preferences, possessions, people, places, "
            + "dates and numbers. One fact per line, at most 5, each a short self-contained sentence that names "
            + "who it is about, with every name, date and number exactly as written. Add nothing that is not in "
            + "the text. If there is no such fact, answer NONE.";

    private final LlmProviders llm;

    Summarizer(ObjectProvider<LlmProviders> llm) {
        this.llm = llm.getIfAvailable();
    }

    public Summary summarize(SummaryRequested request) {
        if (FACTS.equals(request.level())) {
            return facts(request);
        }
        int maxTokens = Math.max(16, request.maxTokens());
        if (this.llm == null) {
            return new Summary(ExtractiveSummarizer.summarize(request.text(), maxTokens), "extractive");
        }
        List<ChatMessage> prompt = List.of(
                ChatMessage.system(String.format(java.util.Locale.ROOT, INSTRUCTION, maxTokens, maxTokens * 3 / 4)),
                ChatMessage.user(request.text() == null ? "" : request.text()));
        try {
            LlmAnswer answer = this.llm.complete(prompt, false, this.llm.deadlineFromNow());
            // Models overshoot length limits; whole sentences beyond the budget are
            // dropped.
            return new Summary(ExtractiveSummarizer.wholeSentences(answer.completion().content(), maxTokens),
                    answer.generatedBy());
        }
        catch (LlmCallFailed ex) {
            log.warn("LLM summary failed ({}); summarizing extractively", ex.getMessage());
            return new Summary(ExtractiveSummarizer.summarize(request.text(), maxTokens),
                    "extractive (fallback: " + ex.getMessage() + ")");
        }
    }

    /**
     * A window's facts, one per line; none without an LLM (the memory-service then keeps
     * none).
     */
    private Summary facts(SummaryRequested request) {
        if (this.llm == null) {
            return new Summary("", "extractive");
        }
        List<ChatMessage> prompt = List.of(ChatMessage.system(FACTS_INSTRUCTION),
                ChatMessage.user(request.text() == null ? "" : request.text()));
        try {
            LlmAnswer answer = this.llm.complete(prompt, false, this.llm.deadlineFromNow());
            String content = answer.completion().content();
            return new Summary(content == null ? "" : content.strip(), answer.generatedBy());
        }
        catch (LlmCallFailed ex) {
            log.warn("LLM fact extraction failed ({}); the window keeps no facts", ex.getMessage());
            return new Summary("", "extractive (fallback: " + ex.getMessage() + ")");
        }
    }

    /**
     * @param generatedBy as in a reply: "llm:&lt;model&gt;@&lt;host&gt;", "extractive" or
     * "extractive (fallback: …)"
     */
    public record Summary(String content, String generatedBy) {
    }

}
