package dev.skein.gateway.turn;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * How many turns this gateway instance lets in at once: additive increase, multiplicative
 * decrease on Skein's own part of each completed turn, the client's wait less the
 * generation stage ({@code TurnCompleted.generationMillis}). That part holds every hop,
 * stage and queue of the memory path, the wait for a generation worker included, and not
 * the LLM's answer: a slow model does not close the door, a saturated stack does.
 * <p>
 * Each window of {@link #WINDOW_NANOS} with completions decides once. Above the target on
 * average, the limit drops to what was in flight times target / mean (Little's law: the
 * queue that would have met the target at the throughput just seen), by half at most,
 * then waits one such mean before it cuts again, since the turns that measured it were
 * let in before the cut. At or below the target, with at least half the limit in use, it
 * grows by a tenth. Between {@link #FLOOR} and the static bound
 * ({@link TurnLimits#maxInFlight()}); without a target it stays at the bound.
 */
final class TurnAdmission {

    /** Never fewer turns than this at once: a stack that recovers must get work. */
    static final int FLOOR = 4;

    static final long WINDOW_NANOS = 250_000_000L;

    /** The deepest single cut. */
    static final double MAX_CUT = 0.5;

    private final int ceiling;

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
        if (now - this.windowStart < WINDOW_NANOS) {
            return;
        }
        int peak = Math.max(this.windowPeak, this.inFlight.getAsInt());
        long mean = this.windowSum / this.windowCount;
        if (mean > this.targetNanos) {
            if (now - this.judgeCutsAfter >= 0) {
                double factor = Math.max(MAX_CUT, (double) this.targetNanos / mean);
                this.limit = Math.max(FLOOR, (int) (Math.min(this.limit, peak) * factor));
                this.judgeCutsAfter = now + mean;
            }
        }
        else if (peak * 2 >= this.limit) {
            this.limit = Math.min(this.ceiling, this.limit + Math.max(1, this.limit / 10));
        }
        this.windowStart = now;
        this.windowSum = 0;
        this.windowCount = 0;
        this.windowPeak = this.inFlight.getAsInt();
    }

}
