package dev.skein.generation.prompt;

import dev.skein.platform.tokens.TokenCounter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.FlashTurn;
import dev.skein.contracts.internal.TurnPrompt;
import dev.skein.contracts.Roles;
import dev.skein.generation.GenerationProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Builds the prompt of one turn: the system prompt, one context message with the recalled
 * evidence in the order it happened (so the model can reason about "before" and "after"),
 * the flash turns as chat messages, then the user's message.
 * <p>
 * The prompt must fit the budget. What goes first is what helps least: the lowest-scored
 * evidence, then the oldest flash turns. The user's message is never dropped: without it
 * there is no question.
 */
@Component
public class PromptAssembler {

    private static final TokenCounter TOKENS = new TokenCounter();

    /**
     * Chat formatting around each message (role, separators): 3 tokens per message and 3
     * to prime the reply, as OpenAI documents for its chat models.
     */
    static final int TOKENS_PER_MESSAGE = 3;

    static final int REPLY_PRIMING_TOKENS = 3;

    static final String CONTEXT_HEADER = "Memories recalled from earlier in this conversation, oldest first "
            + "(date said, source ids, then what was said):";

    private static final Comparator<Evidence> CHRONOLOGICAL = Comparator
        .comparing(Evidence::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparingLong(Evidence::firstSequence);

    private final int budgetTokens;

    private final String systemPrompt;

    @Autowired
    PromptAssembler(GenerationProperties properties) {
        this(properties.promptBudgetTokens(), properties.systemPrompt());
    }

    public PromptAssembler(int budgetTokens, String systemPrompt) {
        this.budgetTokens = budgetTokens;
        this.systemPrompt = systemPrompt;
    }

    public AssembledPrompt assemble(EvidenceRetrieved event) {
        FlashTurn userTurn = Objects.requireNonNull(event.userTurn(), "the event has no user turn");
        ChatMessage system = ChatMessage.system(this.systemPrompt);
        ChatMessage user = ChatMessage.user(spoken(userTurn));

        // Best first, so the lowest-scored evidence is always at the end, ready to be
        // dropped.
        List<EvidenceLine> evidence = new ArrayList<>();
        for (Evidence item : nullSafe(event.evidence())) {
            evidence.add(new EvidenceLine(item));
        }
        evidence.sort(Comparator.comparingDouble((EvidenceLine line) -> line.evidence.score()).reversed());

        List<FlashMessage> flash = new ArrayList<>();
        for (FlashTurn turn : nullSafe(event.flash())) {
            // The flash window may already hold the message being answered; it is sent
            // once, last.
            if (!Objects.equals(turn.messageId(), userTurn.messageId())) {
                flash.add(new FlashMessage(turn));
            }
        }

        int fixedTokens = PromptAssembler.REPLY_PRIMING_TOKENS + tokens(system) + tokens(user);
        while (estimate(fixedTokens, evidence, flash) > this.budgetTokens && drop(evidence, flash)) {
            // dropping until it fits
        }
        AssembledPrompt prompt = build(system, user, evidence, flash, this.budgetTokens);
        // The estimate adds up parts counted one by one; the exact count of the joined
        // text decides.
        while (prompt.promptTokens() > this.budgetTokens && drop(evidence, flash)) {
            prompt = build(system, user, evidence, flash, this.budgetTokens);
        }
        return prompt;
    }

    private static boolean drop(List<EvidenceLine> evidence, List<FlashMessage> flash) {
        if (!evidence.isEmpty()) {
            evidence.remove(evidence.size() - 1);
            return true;
        }
        if (!flash.isEmpty()) {
            flash.remove(0);
            return true;
        }
        return false;
    }

    private static int estimate(int fixedTokens, List<EvidenceLine> evidence, List<FlashMessage> flash) {
        int total = fixedTokens;
        if (!evidence.isEmpty()) {
            total += PromptAssembler.TOKENS_PER_MESSAGE + TOKENS.count(CONTEXT_HEADER);
            for (EvidenceLine line : evidence) {
                total += line.tokens + 1; // the newline before it
            }
        }
        for (FlashMessage message : flash) {
            total += PromptAssembler.TOKENS_PER_MESSAGE + message.tokens;
        }
        return total;
    }

    private static AssembledPrompt build(ChatMessage system, ChatMessage user, List<EvidenceLine> evidence,
            List<FlashMessage> flash, int budgetTokens) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(system);
        int contextTokens = 0;
        List<Evidence> used = new ArrayList<>();
        if (!evidence.isEmpty()) {
            List<EvidenceLine> chronological = new ArrayList<>(evidence);
            chronological.sort(Comparator.comparing(line -> line.evidence, CHRONOLOGICAL));
            StringBuilder context = new StringBuilder(CONTEXT_HEADER);
            for (EvidenceLine line : chronological) {
                context.append('\n').append(line.text);
                contextTokens += line.tokens;
            }
            messages.add(ChatMessage.system(context.toString()));
            for (EvidenceLine line : evidence) {
                used.add(line.evidence);
            }
            // Report the evidence in rank order, as the retrieval-service ranked it.
            used.sort(Comparator.comparingDouble(Evidence::score).reversed());
        }
        for (FlashMessage message : flash) {
            messages.add(message.message);
            contextTokens += message.tokens;
        }
        messages.add(user);
        int promptTokens = PromptAssembler.REPLY_PRIMING_TOKENS;
        for (ChatMessage message : messages) {
            promptTokens += tokens(message);
        }
        List<TurnPrompt.PromptFlash> flashUsed = new ArrayList<>();
        for (FlashMessage message : flash) {
            FlashTurn turn = message.turn;
            flashUsed.add(new TurnPrompt.PromptFlash(turn.messageId(), turn.sequence(), turn.role(), turn.speaker(),
                    turn.content(), message.tokens));
        }
        return new AssembledPrompt(List.copyOf(messages), List.copyOf(used), promptTokens, contextTokens,
                List.copyOf(flashUsed), budgetTokens);
    }

    private static int tokens(ChatMessage message) {
        return PromptAssembler.TOKENS_PER_MESSAGE + TOKENS.count(message.content());
    }

    /** "Alice: hi" when the turn names its speaker, so the model knows who said what. */
    public static String spoken(FlashTurn turn) {
        String content = turn.content() == null ? "" : turn.content();
        return turn.speaker() == null || turn.speaker().isBlank() ? content : turn.speaker() + ": " + content;
    }

    /** "- 2023-05-01 (source ext-7): I adopted a cat." */
    static String evidenceLine(Evidence evidence) {
        String date = evidence.createdAt() == null ? "undated"
                : evidence.createdAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        List<String> sources = evidence.externalIds() == null || evidence.externalIds().isEmpty()
                ? List.of(String.valueOf(evidence.memoryId())) : evidence.externalIds();
        String text = evidence.text() == null ? "" : evidence.text().strip().replace("\n", "\n  ");
        return "- " + date + " (source" + (sources.size() > 1 ? "s " : " ") + String.join(", ", sources) + "): " + text;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static final class EvidenceLine {

        final Evidence evidence;

        final String text;

        final int tokens;

        EvidenceLine(Evidence evidence) {
            this.evidence = evidence;
            this.text = evidenceLine(evidence);
            this.tokens = TOKENS.count(this.text);
        }

    }

    private static final class FlashMessage {

        final ChatMessage message;

        final int tokens;

        final FlashTurn turn;

        FlashMessage(FlashTurn turn) {
            this.turn = turn;
            String role = Roles.ASSISTANT.equals(turn.role()) ? "assistant"
                    : Roles.SYSTEM.equals(turn.role()) ? "system" : "user";
            this.message = new ChatMessage(role, spoken(turn));
            this.tokens = TOKENS.count(this.message.content());
        }

    }

}
