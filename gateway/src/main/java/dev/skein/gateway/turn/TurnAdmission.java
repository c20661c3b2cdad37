package dev.skein.gateway.turn;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * How many turns this gateway instance lets in at once, adapted to Skein's own part of
 * each ended turn: the client's wait, from the request's arrival at the gateway
 * ({@code ArrivalFilter}), less the generation stage
 * ({@code TurnCompleted.generationMillis}). That part holds every hop, stage and queue of
 * the memory path, the wait for a generation worker included, and not the LLM's answer: a
 * slow model does not close the door, a saturated stack does.
 * <p>
 * A window of at least {@link #WINDOW_NANOS} and {@link #WINDOW_TURNS} ended turns
 * decides once (one slow turn alone, such as a chat right after an import waiting for the
 * index, is no overload). Above the target on average, the limit drops to what was in
 * flight times target / mean (Little's law: the queue that would have met the target at
 * the throughput just seen), by half at most, then waits one such mean before it cuts
 * again, since the turns that measured it were let in before the cut. At or below the
 * target it grows only while at least half of it is in use: it doubles while the turns
 * take at most half the target (room to spare: a stack that was only slow to start, a
 * cold JVM, gets the bound back within a few windows of use) and grows by a tenth above
 * that (near its capacity). A limit that is not used stays where it is. It used to go
 * back to the bound at once, which let a saturated stack's clients, back from their
 * {@code Retry-After} all at once, queue for seconds before the next cut: at 64 clients
 * the limit went 14 → 512 → 41 and the answered turns' p99 was 4.5–6.7 s. Between
 * {@link #FLOOR} and the static bound ({@link TurnLimits#maxInFlight()}); without a
 * target it stays at the bound.
 */
final class TurnAdmission {

    /**
     * Never fewer turns than this at once (or the bound, if lower): a stack that recovers
     * must get work, and a client's few parallel requests must not meet a closed door.
     */
    static final int FLOOR = 8;

    static final long WINDOW_NANOS = 250_000_000L;

    static final int WINDOW_TURNS = 3;

    /** The deepest single cut. */
    static final double MAX_CUT = 0.5;

    private final int ceiling;

    private final int floor;

    private final long targetNanos;

    private final LongSupplier clock;

    private final IntSupplier inFlight;

    private volatile int limit;

    private long windowStart;

    private long windowSum;

    private int windowCount;

    private int windowPeak;

    /** When the last cut may be judged: one mean turn after it. */
    private long judgeCutsAfter;

    /**
     * @param targetNanos Skein's own time of a turn above which the stack is taken as
     * overloaded; 0 keeps the limit at the ceiling
     * @param inFlight the turns this instance waits for now
     */
    TurnAdmission(int ceiling, long targetNanos, LongSupplier clock, IntSupplier inFlight) {
        this.ceiling = ceiling;
        this.floor = Math.min(FLOOR, ceiling);
        this.targetNanos = targetNanos;
        this.clock = clock;
        this.inFlight = inFlight;
        this.limit = ceiling;
        this.windowStart = clock.getAsLong();
        this.judgeCutsAfter = this.windowStart;
    }

    int limit() {
        return this.limit;
    }

    /** A turn was let in and {@code inFlight} are now waited for. */
    synchronized void admitted(int inFlight) {
        this.windowPeak = Math.max(this.windowPeak, inFlight);
    }

    /**
     * A turn ended after {@code ownNanos} of Skein's own time (a timed-out turn with all
     * of its wait).
     */
    synchronized void ended(long ownNanos) {
        if (this.targetNanos <= 0) {
            return;
        }
        long now = this.clock.getAsLong();
        this.windowSum += ownNanos;
        this.windowCount++;
        if (now - this.windowStart < WINDOW_NANOS || this.windowCount < WINDOW_TURNS) {
            return;
        }
        int peak = Math.max(this.windowPeak, this.inFlight.getAsInt());
        long mean = this.windowSum / this.windowCount;
        if (mean > this.targetNanos) {
            if (now - this.judgeCutsAfter >= 0) {
                double factor = Math.max(MAX_CUT, (double) this.targetNanos / mean);
                this.limit = Math.max(this.floor, (int) (Math.min(this.limit, peak) * factor));
                this.judgeCutsAfter = now + mean;
            }
        }
        else if (peak * 2 >= this.limit) {
            int grown = mean * 2 <= this.targetNanos ? this.limit * 2 : this.limit + Math.max(1, this.limit / 10);
            this.limit = Math.min(this.ceiling, grown);
        }
        this.windowStart = now;
        this.windowSum = 0;
        this.windowCount = 0;
        this.windowPeak = this.inFlight.getAsInt();
    }

}
