package dev.skein.generation.writing;

import dev.skein.generation.llm.LlmProviders;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Whether this instance can write long texts at all. The extractive responder can quote
 * memories for a turn, but it cannot honestly write a 10,000-word report: without an LLM
 * a job fails at once with {@link #NO_LLM}, and the gateway asks here first so it can
 * refuse the request up front.
 */
@Component
public class WritingAvailability {

    static final String NO_LLM = "long-form writing needs an LLM provider; set SKEIN_LLM_BASE_URL";

    private final LlmProviders llm;

    @Autowired
    WritingAvailability(ObjectProvider<LlmProviders> llm) {
        this(llm.getIfAvailable());
    }

    WritingAvailability(LlmProviders llm) {
        this.llm = llm;
    }

    public boolean available() {
        return this.llm != null;
    }

    /** Why jobs cannot run, or null when they can. */
    public String reason() {
        return available() ? null : NO_LLM;
    }

    LlmProviders llm() {
        return this.llm;
    }

}
