package dev.skein.memory.bank;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The memory bank's rules, pure: windows, segment boundaries, facts of an answer and
 * deterministic ids.
 */
final class BankRules {

    /**
     * LongMem-style windows: three consecutive turns, a new one every two (they overlap
     * by one).
     */
    static final int WINDOW_TURNS = 3;

    static final int WINDOW_STRIDE = 2;

    private BankRules() {
    }

    /**
     * Whether the message at {@code sequence} completes a window (1–3, 3–5, 5–7, ...).
     */
    static boolean closesWindow(long sequence) {
        return sequence >= WINDOW_TURNS && (sequence - WINDOW_TURNS) % WINDOW_STRIDE == 0;
    }

    /**
     * A pause longer than the gap, in the messages' own times, starts a new segment (a
     * session).
     */
    static boolean isSessionBreak(Instant previous, Instant next, Duration gap) {
        return previous != null && next != null && Duration.between(previous, next).compareTo(gap) > 0;
    }

    /**
     * Ids derived from what a memory covers, so a rebuild upserts rather than duplicates.
     */
    /** Most facts kept of one window's answer. */
    static final int FACTS_PER_WINDOW = 5;

    /**
     * The facts of an LLM's answer: one per line, list marks removed, blank lines and the
     * model's "no facts" answers dropped, at most {@link #FACTS_PER_WINDOW}.
     */
    static List<String> facts(String answer) {
        List<String> facts = new ArrayList<>();
        for (String line : answer.split("\\R")) {
            String fact = line.strip().replaceFirst("^([-*•]|\\d+[.)])\\s*", "").strip();
            if (fact.isEmpty() || fact.equalsIgnoreCase("none") || fact.equalsIgnoreCase("no facts")) {
                continue;
            }
            facts.add(fact);
            if (facts.size() == FACTS_PER_WINDOW) {
                break;
            }
        }
        return facts;
    }

    static UUID memoryId(UUID conversationUid, String kind, String range) {
        return UUID.nameUUIDFromBytes((conversationUid + ":" + kind + ":" + range).getBytes(StandardCharsets.UTF_8));
    }

}
