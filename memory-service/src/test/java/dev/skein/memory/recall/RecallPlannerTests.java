package dev.skein.memory.recall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.skein.memory.MemoryProperties;
import dev.skein.memory.stream.StoredMessage;
import dev.skein.platform.tokens.TokenCounter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defaults: 6 flash turns, context budget 2,500, flash budget 40% = 1,000, turns over 300
 * tokens cut.
 */
class RecallPlannerTests {

    private static final UUID CONVERSATION = UUID.randomUUID();

    private final TokenCounter tokens = new TokenCounter();

    private final RecallPlanner planner = new RecallPlanner(MemoryProperties.defaults(), this.tokens);

    @Test
    void firstTurnHasNoFlashAndNoRecall() {
        TurnPlan plan = this.planner.plan(List.of(), message(1, 40));
        assertThat(plan.flash().entries()).isEmpty();
        assertThat(plan.flash().tokens()).isZero();
        assertThat(plan.recall()).isFalse();
        assertThat(plan.recallBeforeSequence()).isEqualTo(1);
        assertThat(plan.recallTokenBudget()).isEqualTo(2500 - 40);
        assertThat(plan.topK()).isEqualTo(6);
    }

    @Test
    void secondTurnKeepsTheFirstInFlashAndDoesNotRecall() {
        TurnPlan plan = this.planner.plan(before(new int[] { 120 }), message(2, 30));
        assertThat(sequences(plan)).containsExactly(1L);
        assertThat(plan.recall()).isFalse();
        assertThat(plan.recallBeforeSequence()).isEqualTo(1);
        assertThat(plan.recallTokenBudget()).isEqualTo(2500 - 120 - 30);
    }

    @Test
    void sixEarlierTurnsAllFitAndNothingIsLeftToRecall() {
        TurnPlan plan = this.planner.plan(before(new int[] { 10, 20, 30, 40, 50, 60 }), message(7, 5));
        assertThat(sequences(plan)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(plan.flash().tokens()).isEqualTo(210);
        assertThat(plan.recall()).isFalse();
    }

    @Test
    void eightEarlierTurnsKeepTheLastSixAndRecallTheRest() {
        // read as the handler does: flashTurns + 1 = 7 messages before the new one (seq
        // 2..8)
        List<StoredMessage> all = before(new int[] { 100, 200, 150, 250, 120, 180, 90, 60 });
        TurnPlan plan = this.planner.plan(all.subList(1, 8), message(9, 40));
        assertThat(sequences(plan)).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(plan.flash().tokens()).isEqualTo(150 + 250 + 120 + 180 + 90 + 60);
        assertThat(plan.recall()).isTrue();
        assertThat(plan.recallBeforeSequence()).isEqualTo(3);
        assertThat(plan.recallTokenBudget()).isEqualTo(2500 - 850 - 40);
    }

    @Test
    void flashStopsAtTheFirstTurnOverTheBudgetKeepingTheNewest() {
        // newest first: 40, 60, 300, 300, 290 = 990 fits in 1,000; 280 more would not,
        // and the
        // 10-token turn before it stays out too: flash memory is a contiguous window
        List<StoredMessage> all = before(new int[] { 10, 10, 280, 290, 300, 300, 60, 40 });
        TurnPlan plan = this.planner.plan(all.subList(1, 8), message(9, 40));
        assertThat(sequences(plan)).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(plan.flash().tokens()).isEqualTo(990);
        assertThat(plan.recall()).isTrue();
        assertThat(plan.recallBeforeSequence()).isEqualTo(4);
        assertThat(plan.recallTokenBudget()).isEqualTo(2500 - 990 - 40);
    }

    @Test
    void recallBudgetIsNeverNegative() {
        TurnPlan plan = this.planner.plan(before(new int[] { 200 }), message(2, 3000));
        assertThat(plan.recallTokenBudget()).isZero();
    }

    @Test
    void aTurnOverThreeHundredTokensIsReplacedByItsSummaryAndMarked() {
        String longText = "The quick brown fox jumps over the lazy dog. ".repeat(60);
        int longTokens = this.tokens.count(longText);
        assertThat(longTokens).isGreaterThan(300);
        StoredMessage long1 = new StoredMessage(UUID.randomUUID(), CONVERSATION, 1, "user", "user", longText, null,
                Instant.EPOCH, Instant.EPOCH, longTokens, null);
        TurnPlan plan = this.planner.plan(List.of(long1), message(2, 10));
        FlashEntry entry = plan.flash().entries().get(0);
        assertThat(entry.summarized()).isTrue();
        assertThat(entry.truncated()).isFalse();
        assertThat(entry.tokens()).isLessThanOrEqualTo(300).isGreaterThan(250);
        assertThat(entry.tokens()).isEqualTo(this.tokens.count(entry.content()));
        assertThat(entry.content())
            .startsWith(RecallPlanner.SUMMARY_MARK + "The quick brown fox jumps over the lazy dog.");
        // whole sentences only
        for (String line : entry.content().substring(RecallPlanner.SUMMARY_MARK.length()).split("\n")) {
            assertThat(line).isEqualTo("The quick brown fox jumps over the lazy dog.");
        }
        assertThat(plan.flash().tokens()).isEqualTo(entry.tokens());
        assertThat(plan.recallTokenBudget()).isEqualTo(2500 - entry.tokens() - 10);
        assertThat(plan.flash().turns().get(0).content()).isEqualTo(entry.content());
    }

    @Test
    void aLongTurnWithoutASentenceThatFitsIsCutAndMarked() {
        String oneSentence = "word ".repeat(400);
        int longTokens = this.tokens.count(oneSentence);
        StoredMessage long1 = new StoredMessage(UUID.randomUUID(), CONVERSATION, 1, "user", "user", oneSentence, null,
                Instant.EPOCH, Instant.EPOCH, longTokens, null);
        FlashEntry entry = this.planner.plan(List.of(long1), message(2, 10)).flash().entries().get(0);
        assertThat(entry.truncated()).isTrue();
        assertThat(entry.summarized()).isFalse();
        assertThat(entry.content()).endsWith(RecallPlanner.TRUNCATION_MARK);
        assertThat(entry.tokens()).isLessThanOrEqualTo(300);
    }

    @Test
    void autoPolicyRecallsOnlyOnACue() {
        assertThat(RecallPlanner.decideRecall(false, false, "Where do I live?", () -> true)).isFalse();
        assertThat(RecallPlanner.decideRecall(true, true, "Nice weather.", () -> false)).isTrue();
        assertThat(RecallPlanner.decideRecall(false, true, "Nice weather.", () -> false)).isFalse();
        assertThat(RecallPlanner.decideRecall(false, true, "Where do I live?", () -> false)).isTrue();
        assertThat(RecallPlanner.decideRecall(false, true, "what was the name of the cat", () -> false)).isTrue();
        assertThat(RecallPlanner.decideRecall(false, true, "Like you said last time, rain.", () -> false)).isTrue();
        assertThat(RecallPlanner.decideRecall(false, true, "Lisbon was lovely.", () -> true)).isTrue();
    }

    @Test
    void keyPhrasesAndTopKComeWithThePlan() {
        StoredMessage message = new StoredMessage(UUID.randomUUID(), CONVERSATION, 1, "user", "user",
                "Which restaurant did Caroline recommend in Lisbon?", null, Instant.EPOCH, Instant.EPOCH, 11, null);
        TurnPlan plan = this.planner.plan(List.of(), message);
        assertThat(plan.keyPhrases()).containsExactly("restaurant", "recommend", "caroline", "lisbon");
    }

    private static List<Long> sequences(TurnPlan plan) {
        return plan.flash().entries().stream().map(e -> e.message().sequence()).toList();
    }

    /** Messages 1..n with the given token counts (the planner trusts stored counts). */
    private static List<StoredMessage> before(int[] tokenCounts) {
        List<StoredMessage> messages = new ArrayList<>();
        for (int i = 0; i < tokenCounts.length; i++) {
            messages.add(message(i + 1, tokenCounts[i]));
        }
        return messages;
    }

    private static StoredMessage message(long sequence, int tokenCount) {
        return new StoredMessage(UUID.randomUUID(), CONVERSATION, sequence, sequence % 2 == 1 ? "user" : "assistant",
                null, "message " + sequence, null, Instant.EPOCH.plusSeconds(sequence), Instant.EPOCH, tokenCount,
                null);
    }

}
