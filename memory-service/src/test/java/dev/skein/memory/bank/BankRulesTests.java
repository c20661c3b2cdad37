package dev.skein.memory.bank;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BankRulesTests {

    @Test
    void factsAreTheAnswersLinesWithoutListMarksAtMostFive() {
        assertThat(BankRules.facts("- Ann's locker code is 4411.\n\n2) Ann lives in Oslo.\n* None\n• Bo has a cat."))
            .containsExactly("Ann's locker code is 4411.", "Ann lives in Oslo.", "Bo has a cat.");
        assertThat(BankRules.facts("a\nb\nc\nd\ne\nf")).containsExactly("a", "b", "c", "d", "e");
        assertThat(BankRules.facts("NONE")).isEmpty();
    }

    @Test
    void windowsOfThreeTurnsWithStrideTwo() {
        assertThat(LongStream.rangeClosed(1, 11).filter(BankRules::closesWindow).boxed()).containsExactly(3L, 5L, 7L,
                9L, 11L);
    }

    @Test
    void aPauseOverTheGapBreaksTheSession() {
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        Duration gap = Duration.ofHours(2);
        assertThat(BankRules.isSessionBreak(t, t.plus(Duration.ofHours(2)), gap)).isFalse();
        assertThat(BankRules.isSessionBreak(t, t.plus(Duration.ofHours(2)).plusSeconds(1), gap)).isTrue();
        assertThat(BankRules.isSessionBreak(t, t.minus(Duration.ofHours(5)), gap)).isFalse();
        assertThat(BankRules.isSessionBreak(null, t, gap)).isFalse();
    }

    @Test
    void idsAreDerivedFromConversationKindAndRange() {
        UUID conversation = UUID.randomUUID();
        assertThat(BankRules.memoryId(conversation, "window", "1-3"))
            .isEqualTo(BankRules.memoryId(conversation, "window", "1-3"))
            .isNotEqualTo(BankRules.memoryId(conversation, "window", "3-5"))
            .isNotEqualTo(BankRules.memoryId(conversation, "summary", "1-3"))
            .isNotEqualTo(BankRules.memoryId(UUID.randomUUID(), "window", "1-3"));
    }

}
