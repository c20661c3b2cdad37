package dev.skein.generation.inspect;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.internal.TurnPrompt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnPromptLogTests {

    @Test
    void keepsTheLastTurnsOnly() {
        TurnPromptLog log = new TurnPromptLog(2);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();

        log.record(prompt(first));
        log.record(prompt(second));
        log.record(prompt(third));

        assertThat(log.find(first)).isEmpty();
        assertThat(log.find(second)).isPresent();
        assertThat(log.find(third).orElseThrow().turnId()).isEqualTo(third);
    }

    @Test
    void erasingAConversationDropsItsPromptsOnly() {
        TurnPromptLog log = new TurnPromptLog(10);
        UUID erased = UUID.randomUUID();
        UUID sameIdOtherTenant = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        log.record("t1", "c1", prompt(erased));
        log.record("t2", "c1", prompt(sameIdOtherTenant));
        log.record("t1", "c2", prompt(kept));

        assertThat(log.erase("t1", "c1")).isEqualTo(1);

        assertThat(log.find(erased)).isEmpty();
        assertThat(log.find(sameIdOtherTenant)).isPresent();
        assertThat(log.find(kept)).isPresent();
    }

    private static TurnPrompt prompt(UUID turnId) {
        return new TurnPrompt(turnId, Instant.now(), "direct", List.of(), 0, List.of(), 10, 0, "llm:m@h");
    }

}
