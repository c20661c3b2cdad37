package dev.skein.generation.reply;

import java.util.List;
import java.util.function.Consumer;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.Usage;
import dev.skein.generation.extractive.ExtractiveReply;
import dev.skein.generation.extractive.ExtractiveResponder;
import dev.skein.generation.llm.ChatCompletion;
import dev.skein.generation.llm.LlmCallFailed;
import dev.skein.generation.llm.OpenAiChatClient;
import dev.skein.generation.prompt.AssembledPrompt;
import dev.skein.generation.prompt.PromptAssembler;
import dev.skein.generation.prompt.TokenCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Answers one turn: the LLM when one is configured, else, or when it fails, the extractive
 * responder. A turn always gets a reply; it never pretends an extractive reply came from a model.
 */
@Component
public class ReplyGenerator {

    private static final Logger log = LoggerFactory.getLogger(ReplyGenerator.class);

    private final PromptAssembler assembler;

    private final ExtractiveResponder extractive;

    private final OpenAiChatClient llm;

    ReplyGenerator(PromptAssembler assembler, ExtractiveResponder extractive, ObjectProvider<OpenAiChatClient> llm) {
        this.assembler = assembler;
        this.extractive = extractive;
        this.llm = llm.getIfAvailable();
    }

    /**
     * @param deltas receives the reply piece by piece when the turn is streamed, else null; the
     *        pieces always concatenate to the returned content
     */
    public Reply generate(EvidenceRetrieved event, Consumer<String> deltas) {
        if (this.llm == null) {
            return extractive(event, "", "", "extractive", deltas);
        }
        AssembledPrompt prompt = this.assembler.assemble(event);
        StringBuilder streamed = new StringBuilder();
        try {
            ChatCompletion completion = deltas == null ? this.llm.complete(prompt.messages())
                    : this.llm.stream(prompt.messages(), piece -> {
                        streamed.append(piece);
                        deltas.accept(piece);
                    });
            int completionTokens = completion.completionTokens() != null ? completion.completionTokens()
                    : TokenCounter.count(completion.content());
            return new Reply(completion.content(), "llm:" + this.llm.model(), prompt.evidence(),
                    new Usage(prompt.promptTokens(), completionTokens, prompt.contextTokens(), event.historyTokens()));
        }
        catch (LlmCallFailed ex) {
            log.warn("LLM call failed ({}); the extractive responder answers", ex.getMessage(), ex.getCause());
            if (streamed.length() == 0) {
                return extractive(event, "", "", "extractive (fallback: " + ex.getMessage() + ")", deltas);
            }
            // Part of the model's reply already reached the client and cannot be taken back: keep it,
            // say where it stops, and go on with the quoted memories.
            return extractive(event, streamed.toString(), "\n\n[The LLM stopped mid-reply: " + ex.getMessage() + ".]\n\n",
                    "extractive (fallback: " + ex.getMessage() + "; after a partial llm:" + this.llm.model() + " reply)",
                    deltas);
        }
    }

    /**
     * @param sent what the client already received of this reply
     * @param bridge text between that and the extractive reply
     */
    private Reply extractive(EvidenceRetrieved event, String sent, String bridge, String generatedBy,
            Consumer<String> deltas) {
        ExtractiveReply reply = this.extractive.reply(event.evidence());
        String rest = bridge + reply.content();
        if (deltas != null) {
            ExtractiveResponder.pieces(rest).forEach(deltas);
        }
        String content = sent + rest;
        int quotedTokens = 0;
        for (Evidence item : reply.quoted()) {
            quotedTokens += TokenCounter.count(item.text());
        }
        return new Reply(content, generatedBy, reply.quoted(),
                new Usage(0, TokenCounter.count(content), quotedTokens, event.historyTokens()));
    }
}
