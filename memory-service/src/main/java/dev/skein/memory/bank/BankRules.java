package dev.skein.memory.bank;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The memory bank's rules, pure: windows, segment boundaries and deterministic ids. */
public final class BankRules {

    /** LongMem-style windows: three consecutive turns, a new one every two (they overlap by one). */
    public static final int WINDOW_TURNS = 3;

    public static final int WINDOW_STRIDE = 2;

    private BankRules() {
    }

    /** Whether the message at {@code sequence} completes a window (1–3, 3–5, 5–7, ...). */
    public static boolean closesWindow(long sequence) {
        return sequence >= WINDOW_TURNS && (sequence - WINDOW_TURNS) % WINDOW_STRIDE == 0;
    }

    /** A pause longer than the gap, in the messages' own times, starts a new segment (a session). */
    public static boolean isSessionBreak(Instant previous, Instant next, Duration gap) {
        return previous != null && next != null && Duration.between(previous, next).compareTo(gap) > 0;
    }

    /** Ids derived from what a memory covers, so a rebuild upserts rather than duplicates. */
    public static UUID memoryId(UUID conversationUid, String kind, String range) {
        return UUID.nameUUIDFromBytes((conversationUid + ":" + kind + ":" + range).getBytes(StandardCharsets.UTF_8));
    }
}
