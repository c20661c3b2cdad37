package dev.skein.generation.prompt;

import dev.skein.platform.tokens.TokenCounter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.FlashTurn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromptAssemblerTests {

    private static final TokenCounter TOKENS = new TokenCounter();

    private static final String SYSTEM = "You are a helpful assistant with long-term memory.";

    private final FlashTurn question = turn(12, "user", "Alice", "What was my cat's name?");

    private final FlashTurn hello = turn(10, "user", "Alice", "Hi again");

    private final FlashTurn answer = turn(11, "assistant", null, "Hello Alice!");

    private final Evidence cat = new Evidence(UUID.randomUUID(), "turn", null, "Alice: I adopted a cat named Miso.",
            0.9, List.of(), List.of(), 2, 2, Instant.parse("2023-05-01T10:00:00Z"));

    private final Evidence move = new Evidence(UUID.randomUUID(), "window", null,
            "Alice: We moved to Porto.\nBob: Nice!", 0.5, List.of("ext-4", "ext-5"), List.of(), 4, 5,
            Instant.parse("2023-06-01T23:59:00Z"));

    @Test
    void ordersSystemPromptEvidenceChronologicallyFlashThenTheUserMessage() {
        AssembledPrompt prompt = new PromptAssembler(3500, SYSTEM)
            .assemble(event(List.of(this.move, this.cat), List.of(this.hello, this.answer, this.question)));

        assertThat(prompt.messages()).containsExactly(ChatMessage.system(SYSTEM),
                ChatMessage.system(PromptAssembler.CONTEXT_HEADER + "\n- 2023-05-01 (source " + this.cat.memoryId()
                        + "): Alice: I adopted a cat named Miso."
                        + "\n- 2023-06-01 (sources ext-4, ext-5): Alice: We moved to Porto.\n  Bob: Nice!"),
                ChatMessage.user("Alice: Hi again"), ChatMessage.assistant("Hello Alice!"),
                ChatMessage.user("Alice: What was my cat's name?"));
        assertThat(prompt.evidence()).containsExactly(this.cat, this.move);
        int expectedTokens = PromptAssembler.REPLY_PRIMING_TOKENS;
        for (ChatMessage message : prompt.messages()) {
            expectedTokens += PromptAssembler.TOKENS_PER_MESSAGE + TOKENS.count(message.content());
        }
        assertThat(prompt.promptTokens()).isEqualTo(expectedTokens);
        assertThat(prompt.contextTokens()).isEqualTo(TOKENS.count(PromptAssembler.evidenceLine(this.cat))
                + TOKENS.count(PromptAssembler.evidenceLine(this.move)) + TOKENS.count("Alice: Hi again")
                + TOKENS.count("Hello Alice!"));
    }

    @Test
    void leavesOutTheContextMessageWithoutEvidence() {
        AssembledPrompt prompt = new PromptAssembler(3500, SYSTEM).assemble(event(List.of(), List.of(this.answer)));

        assertThat(prompt.messages()).containsExactly(ChatMessage.system(SYSTEM), ChatMessage.assistant("Hello Alice!"),
                ChatMessage.user("Alice: What was my cat's name?"));
        assertThat(prompt.evidence()).isEmpty();
    }

    @Test
    void dropsTheLowestScoredEvidenceFirst() {
        EvidenceRetrieved event = event(List.of(this.cat, this.move), List.of(this.hello, this.answer));
        int full = new PromptAssembler(3500, SYSTEM).assemble(event).promptTokens();

        AssembledPrompt prompt = new PromptAssembler(full - 1, SYSTEM).assemble(event);

        assertThat(prompt.evidence()).containsExactly(this.cat);
        assertThat(prompt.messages()).hasSize(5);
        assertThat(prompt.messages().get(1).content()).doesNotContain("Porto").contains("Miso");
        assertThat(prompt.promptTokens()).isLessThanOrEqualTo(full - 1);
    }

    @Test
    void thenDropsTheOldestFlashTurns() {
        EvidenceRetrieved event = event(List.of(this.cat, this.move), List.of(this.hello, this.answer));
        int withoutEvidenceAndOldestTurn = new PromptAssembler(3500, SYSTEM)
            .assemble(event(List.of(), List.of(this.answer)))
            .promptTokens();

        AssembledPrompt prompt = new PromptAssembler(withoutEvidenceAndOldestTurn, SYSTEM).assemble(event);

        assertThat(prompt.messages()).containsExactly(ChatMessage.system(SYSTEM), ChatMessage.assistant("Hello Alice!"),
                ChatMessage.user("Alice: What was my cat's name?"));
        assertThat(prompt.evidence()).isEmpty();
        assertThat(prompt.promptTokens()).isEqualTo(withoutEvidenceAndOldestTurn);
        assertThat(prompt.contextTokens()).isEqualTo(TOKENS.count("Hello Alice!"));
    }

    @Test
    void neverDropsTheUserMessage() {
        AssembledPrompt prompt = new PromptAssembler(10, SYSTEM)
            .assemble(event(List.of(this.cat, this.move), List.of(this.hello, this.answer)));

        assertThat(prompt.messages()).containsExactly(ChatMessage.system(SYSTEM),
                ChatMessage.user("Alice: What was my cat's name?"));
        assertThat(prompt.promptTokens()).isGreaterThan(10);
        assertThat(prompt.contextTokens()).isZero();
    }

    private EvidenceRetrieved event(List<Evidence> evidence, List<FlashTurn> flash) {
        return new EvidenceRetrieved(UUID.randomUUID(), Instant.now(), "tenant", "conversation", UUID.randomUUID(),
                this.question, flash, evidence, 1234, false);
    }

    private static FlashTurn turn(long sequence, String role, String speaker, String content) {
        return new FlashTurn(UUID.randomUUID(), sequence, role, speaker, content, null, Instant.now());
    }

}
