package dev.skein.memory;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the memory-service. The defaults are SCM's: six recent turns raw in flash
 * memory, a 2,500-token memory budget per turn, top-6 recall, turns over 300 tokens
 * summarized.
 *
 * @param flashTurns most recent turns kept raw in flash memory
 * @param contextBudgetTokens tokens of memory (flash + recalled) per turn
 * @param recallTopK archived memories recalled per turn
 * @param flashBudgetRatio the share of the context budget flash memory may use; the rest
 * is left for recalled memories and the message itself
 * @param summarizeTurnTokens a flash turn longer than this would be summarized (for now:
 * truncated)
 * @param maxContentChars longest message content accepted
 * @param maxImportMessages most messages in one import call
 * @param outboxSweepInterval how often left-over outbox rows are published
 * @param processedEventRetention how long consumed event ids are remembered for
 * deduplication
 * @param salienceDecay SirLLM's decay ratio per user turn (the paper used 0.7–0.9)
 * @param salienceBoost what a recall or a new mention adds to a memory's salience
 * @param recallPolicy {@code always} (recall whenever archived memory exists) or
 * {@code auto} (only for questions, references to the past, or key phrases found in the
 * archive)
 * @param summariesViaLlm summarize segments through the generation-service's LLM
 * @param summaryTokens longest summary
 * @param segmentGap a pause longer than this (in the messages' own times) closes a
 * segment
 * @param segmentMaxTurns most messages in one segment
 * @param summaryFanout the conversation summary is rebuilt every this many closed
 * segments
 * @param factsViaLlm extract the facts of every window through the generation-service's
 * LLM, as extra index keys pointing to the window's turns (LongMemEval's fact-augmented
 * keys)
 * @param turnRetention how long a turn's outcome (reply, evidence, usage) is kept, so the
 * turn sent again (same externalId or Idempotency-Key) is answered with it; later it is
 * answered from the transcript, without evidence
 * @param turnInFlight how long a turn that has no outcome yet is taken to be under way: a
 * copy sent meanwhile waits for its outcome instead of running it again
 * @param pinnedSalienceFloor the salience a pinned memory never decays below (PATCH
 * {@code …/memories/{memoryId}} with {@code "pinned": true})
 * @param userRecall whether a turn of a conversation that belongs to a user also recalls
 * from the user's other conversations (the user scope), under the same budget
 * @param userRecallConversations how many of the user's other conversations (most
 * recently active first) a turn's recall searches: each is one more exact scan
 */
@Validated
@ConfigurationProperties("skein.memory")
public record MemoryProperties(@DefaultValue("6") @Min(0) int flashTurns,
        @DefaultValue("2500") @Min(1) int contextBudgetTokens, @DefaultValue("6") @Min(1) int recallTopK,
        @DefaultValue("0.4") @DecimalMin("0.0") @DecimalMax("1.0") double flashBudgetRatio,
        @DefaultValue("300") @Min(1) int summarizeTurnTokens, @DefaultValue("32000") @Min(1) int maxContentChars,
        @DefaultValue("5000") @Min(1) int maxImportMessages,
        @DefaultValue("500ms") @NotNull Duration outboxSweepInterval,
        @DefaultValue("7d") @NotNull Duration processedEventRetention,
        @DefaultValue("0.8") @DecimalMin("0.0") @DecimalMax("1.0") double salienceDecay,
        @DefaultValue("0.3") @DecimalMin("0.0") @DecimalMax("1.0") double salienceBoost,
        @DefaultValue("always") @NotNull @Pattern(regexp = "always|auto") String recallPolicy,
        @DefaultValue("false") boolean summariesViaLlm, @DefaultValue("200") @Min(1) int summaryTokens,
        @DefaultValue("2h") @NotNull Duration segmentGap, @DefaultValue("40") @Min(2) int segmentMaxTurns,
        @DefaultValue("5") @Min(1) int summaryFanout, @DefaultValue("false") boolean factsViaLlm,
        @DefaultValue("24h") @NotNull Duration turnRetention, @DefaultValue("2m") @NotNull Duration turnInFlight,
        @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double pinnedSalienceFloor,
        @DefaultValue("true") boolean userRecall, @DefaultValue("10") @Min(0) int userRecallConversations) {

    /** Tokens flash memory may take of the context budget. */
    public int flashBudgetTokens() {
        // the epsilon keeps e.g. 2500 * 0.4 from flooring to 999 on a binary rounding
        // error
        return (int) Math.floor(this.contextBudgetTokens * this.flashBudgetRatio + 1e-9);
    }

    public boolean recallAlways() {
        return "always".equals(this.recallPolicy);
    }

    /** The defaults, for tests and tools that run without Spring. */
    public static MemoryProperties defaults() {
        return new MemoryProperties(6, 2500, 6, 0.4, 300, 32000, 5000, Duration.ofMillis(500), Duration.ofDays(7), 0.8,
                0.3, "always", false, 200, Duration.ofHours(2), 40, 5, false, Duration.ofHours(24),
                Duration.ofMinutes(2), 0.5, true, 10);
    }
}
