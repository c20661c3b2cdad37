package dev.skein.generation.reply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.TokenLogprob;
import dev.skein.contracts.Usage;
import dev.skein.contracts.internal.TurnPrompt;
import dev.skein.generation.GenerationProperties;
import dev.skein.generation.GenerationProperties.Reasoning;
import dev.skein.generation.extractive.ExtractiveReply;
import dev.skein.generation.extractive.ExtractiveResponder;
import dev.skein.generation.inspect.TurnPromptLog;
import dev.skein.generation.llm.ChatCompletion;
import dev.skein.generation.llm.LlmAnswer;
import dev.skein.generation.llm.LlmCallFailed;
import dev.skein.generation.llm.LlmProviders;
import dev.skein.generation.llm.ProvidersFailed;
import dev.skein.generation.prompt.AssembledPrompt;
import dev.skein.generation.prompt.ChatMessage;
import dev.skein.generation.prompt.PromptAssembler;
import dev.skein.platform.tokens.TokenCounter;
import dev.skein.generation.reason.EvidenceSelector;
import dev.skein.generation.reason.EvidenceVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Answers one turn: the LLM providers when some are configured, else, or when they all
 * fail, the extractive responder. A turn always gets a reply; it never pretends an
 * extractive reply came from a model.
 * <p>
 * With evidence and a question about the past, retrieve-then-reason (ALR²) runs first:
 * the model picks the memories that answer and quotes them, {@link EvidenceVerifier}
 * keeps only the true quotes, and the answer is written from those memories alone.
 */
@Component
public class ReplyGenerator {

    private static final TokenCounter TOKENS = new TokenCounter();

    private static final Logger log = LoggerFactory.getLogger(ReplyGenerator.class);

    private final PromptAssembler assembler;

    private final ExtractiveResponder extractive;

    private final LlmProviders llm;

    private final Reasoning reasoning;

    private final TurnPromptLog prompts;

    @Autowired
    ReplyGenerator(PromptAssembler assembler, ExtractiveResponder extractive, ObjectProvider<LlmProviders> llm,
            GenerationProperties properties, TurnPromptLog prompts) {
        this(assembler, extractive, llm.getIfAvailable(), properties.reasoning(), prompts);
    }

    /**
     * @param llm null when no provider is configured
     */
    ReplyGenerator(PromptAssembler assembler, ExtractiveResponder extractive, LlmProviders llm, Reasoning reasoning,
            TurnPromptLog prompts) {
        this.assembler = assembler;
        this.extractive = extractive;
        this.llm = llm;
        this.reasoning = reasoning;
        this.prompts = prompts;
    }

    /**
     * @param deltas receives the reply piece by piece when the turn is streamed, else
     * null; the pieces always concatenate to the returned content
     */
    public Reply generate(EvidenceRetrieved event, Consumer<String> deltas) {
        if (this.llm == null) {
            // no LLM is sent anything; the prompt one would have been sent is kept, so a
            // turn's view shows what its memory was. Assembled and kept after the reply's
            // pieces are streamed, as with an LLM, and before the reply is published, so
            // the turn's view has it once the turn is answered.
            try {
                return extractive(event, "", "", "extractive", deltas);
            }
            finally {
                record(event, this.assembler.assemble(event), List.of(), "extractive");
            }
        }
        long deadline = this.llm.deadlineFromNow();
        AssembledPrompt prompt = this.assembler.assemble(event);
        List<ChatMessage> selection = List.of();
        StringBuilder streamed = new StringBuilder();
        String generatedBy = null;
        try {
            if (this.reasoning == Reasoning.RETRIEVE_THEN_REASON && !prompt.evidence().isEmpty()
                    && EvidenceSelector.aboutThePast(event.userTurn().content())) {
                selection = EvidenceSelector.prompt(prompt.evidence(), PromptAssembler.spoken(event.userTurn()));
                // If no provider can answer step 1, none will answer step 2: the
                // extractive fallback answers.
                Optional<List<Evidence>> verified = select(selection, prompt.evidence(), deadline);
                if (verified.isPresent()) {
                    prompt = this.assembler.assemble(withEvidence(event, verified.get()));
                }
            }
            LlmAnswer answer = deltas == null ? this.llm.complete(prompt.messages(), true, deadline, event.sampling())
                    : this.llm.stream(prompt.messages(), deadline, event.sampling(), piece -> {
                        streamed.append(piece);
                        deltas.accept(piece);
                    });
            generatedBy = answer.generatedBy();
            ChatCompletion completion = answer.completion();
            int completionTokens = completion.completionTokens() != null ? completion.completionTokens()
                    : TOKENS.count(completion.content());
            return new Reply(completion.content(), generatedBy, prompt.evidence(),
                    new Usage(prompt.promptTokens(), completionTokens, prompt.contextTokens(), event.historyTokens()),
                    completion.logprobs());
        }
        catch (LlmCallFailed ex) {
            log.warn("LLM call failed ({}); the extractive responder answers", ex.getMessage(), ex.getCause());
            String partialBy = ex instanceof ProvidersFailed failed ? failed.partialBy() : null;
            if (streamed.length() == 0) {
                generatedBy = "extractive (fallback: " + ex.getMessage() + ")";
                return extractive(event, "", "", generatedBy, deltas);
            }
            // Part of the model's reply already reached the client and cannot be taken
            // back: keep it,
            // say where it stops, and go on with the quoted memories.
            generatedBy = "extractive (fallback: " + ex.getMessage() + "; after a partial "
                    + (partialBy != null ? partialBy : this.llm.primary()) + " reply)";
            return extractive(event, streamed.toString(),
                    "\n\n[The LLM stopped mid-reply: " + ex.getMessage() + ".]\n\n", generatedBy, deltas);
        }
        finally {
            record(event, prompt, selection, generatedBy);
        }
    }

    private void record(EvidenceRetrieved event, AssembledPrompt prompt, List<ChatMessage> selection,
            String generatedBy) {
        this.prompts.record(new TurnPrompt(event.turnId(), Instant.now(),
                selection.isEmpty() ? "direct" : "retrieve-then-reason", inspected(selection), tokens(selection),
                inspected(prompt.messages()), prompt.promptTokens(), prompt.contextTokens(), generatedBy,
                event.tenantId(), event.conversationId(), prompt.budgetTokens(), prompt.flash(), prompt.evidence()),
                event.occurredAt());
    }

    /**
     * Step 1 of retrieve-then-reason.
     * @return the memories with verified quotes (possibly none), or empty when the answer
     * is not the asked-for JSON: then the answer gets all the evidence
     * @throws LlmCallFailed when no provider answered
     */
    private Optional<List<Evidence>> select(List<ChatMessage> selection, List<Evidence> evidence, long deadline) {
        LlmAnswer answer = this.llm.complete(selection, false, deadline);
        Optional<List<EvidenceVerifier.Selected>> selected = EvidenceSelector.parse(answer.completion().content());
        if (selected.isEmpty()) {
            log.info("Evidence selection by {} is not the JSON asked for; answering from all the evidence",
                    answer.generatedBy());
            return Optional.empty();
        }
        List<EvidenceVerifier.Verified> verified = EvidenceVerifier.verify(selected.get(),
                EvidenceSelector.ids(evidence));
        if (log.isDebugEnabled()) {
            log.debug("Evidence selection: {} of {} quotes verified, {} of {} memories kept",
                    verified.stream().mapToInt(item -> item.quotes().size()).sum(), selected.get().size(),
                    verified.size(), evidence.size());
        }
        List<Evidence> kept = new ArrayList<>();
        verified.forEach(item -> kept.add(item.evidence()));
        return Optional.of(kept);
    }

    private static EvidenceRetrieved withEvidence(EvidenceRetrieved event, List<Evidence> evidence) {
        return new EvidenceRetrieved(event.eventId(), event.occurredAt(), event.tenantId(), event.conversationId(),
                event.turnId(), event.userTurn(), event.flash(), evidence, event.historyTokens(), event.stream(),
                event.sampling());
    }

    private static int tokens(List<ChatMessage> messages) {
        int total = 0;
        for (ChatMessage message : messages) {
            total += TOKENS.count(message.content());
        }
        return total;
    }

    /** The prompt as {@code GET /internal/turns/{id}/prompt} shows it. */
    private static List<TurnPrompt.PromptMessage> inspected(List<ChatMessage> messages) {
        return messages.stream().map(m -> new TurnPrompt.PromptMessage(m.role(), m.content())).toList();
    }

    /**
     * @param sent what the client already received of this reply
     * @param bridge text between that and the extractive reply
     */
    private Reply extractive(EvidenceRetrieved event, String sent, String bridge, String generatedBy,
            Consumer<String> deltas) {
        ExtractiveReply reply = this.extractive.reply(event.userTurn(), event.flash(), event.evidence());
        String rest = bridge + reply.content();
        if (deltas != null) {
            ExtractiveResponder.pieces(rest).forEach(deltas);
        }
        String content = sent + rest;
        int quotedTokens = 0;
        for (Evidence item : reply.quoted()) {
            quotedTokens += TOKENS.count(item.text());
        }
        return new Reply(content, generatedBy, reply.quoted(),
                new Usage(0, TOKENS.count(content), quotedTokens, event.historyTokens()), List.<TokenLogprob>of());
    }

}
