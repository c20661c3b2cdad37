package dev.skein.retrieval.longinput;

import java.time.Duration;

/**
 * When a long-input search must stop. It is checked before every sentence is embedded, so
 * a search ends within one sentence's work (milliseconds) of its deadline, instead of
 * running on for a caller that has given up.
 */
final class Deadline {

    /** For work that runs to its end (benchmarks). */
    static final Deadline NONE = new Deadline(0, false);

    private final long at;

    private final boolean bounded;

    private Deadline(long at, boolean bounded) {
        this.at = at;
        this.bounded = bounded;
    }

    /** The earlier of {@code timeout} from now and {@code limit} from now. */
    static Deadline within(Duration timeout, Duration limit) {
        long nanos = Math.min(timeout.toNanos(), limit.toNanos());
        return new Deadline(System.nanoTime() + nanos, true);
    }

    /** Throws when the deadline has passed or the thread was interrupted. */
    void check() {
        if (this.bounded && System.nanoTime() - this.at >= 0) {
            throw new Stopped("the deadline passed");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new Stopped("the search was interrupted");
        }
    }

    /** A search stopped before its end; nothing of it is answered. */
    static final class Stopped extends RuntimeException {

        Stopped(String reason) {
            super(reason, null, false, false);
        }

    }

}
