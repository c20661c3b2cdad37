package dev.skein.generation.reply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.FlashTurn;
import dev.skein.generation.extractive.ExtractiveResponder;
import dev.skein.generation.GenerationProperties.Reasoning;
import dev.skein.generation.inspect.TurnPromptLog;
import dev.skein.generation.prompt.PromptAssembler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class ReplyGeneratorTests {

    /** No LLM bean, as when SKEIN_LLM_BASE_URL is unset. */
    private final ReplyGenerator generator = new ReplyGenerator(new PromptAssembler(3500, "system"),
            new ExtractiveResponder(), null, Reasoning.RETRIEVE_THEN_REASON, mock(TurnPromptLog.class));

    private final Evidence cat = new Evidence(UUID.randomUUID(), "turn", null, "Alice: her name is Miso.", 0.8,
            List.of("ext-3"), List.of(), 3, 3, Instant.parse("2023-05-01T10:00:00Z"));

    @Test
    void answersExtractivelyWithoutAnLlm() {
        Reply reply = this.generator.generate(event(List.of(this.cat)), null);

        assertThat(reply.generatedBy()).isEqualTo("extractive");
        assertThat(reply.content()).isEqualTo(
                ExtractiveResponder.LABEL + "\n" + "The most relevant things said earlier in this conversation:\n"
                        + "- 2023-05-01: \"Alice: her name is Miso.\"");
        assertThat(reply.evidence()).containsExactly(this.cat);
        assertThat(reply.usage().promptTokens()).isZero();
        assertThat(reply.usage().contextTokens()).isPositive();
        assertThat(reply.usage().completionTokens()).isPositive();
        assertThat(reply.usage().historyTokens()).isEqualTo(777);
    }

    @Test
    void streamsTheExtractiveReplyInPiecesThatAddUpToIt() {
        List<String> pieces = new ArrayList<>();

        Reply reply = this.generator.generate(event(List.of(this.cat)), pieces::add);

        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(String.join("", pieces)).isEqualTo(reply.content());
    }

    private static EvidenceRetrieved event(List<Evidence> evidence) {
        FlashTurn question = new FlashTurn(UUID.randomUUID(), 9, "user", "Alice", "My cat's name?", null,
                Instant.now());
        return new EvidenceRetrieved(UUID.randomUUID(), Instant.now(), "t", "c", UUID.randomUUID(), question, List.of(),
                evidence, 777, true);
    }

}
