package dev.skein.tools.fault;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one client sent and what it got acknowledged, with the time of every
 * acknowledgement, so that the time to recover from a fault can be read off afterwards.
 */
abstract class Workload implements Runnable {

    /** A message's unique word: found by a keyword search only in that message. */
    static String token(String run, String kind, int n) {
        return "q" + run + kind + Integer.toString(n, 36) + "z";
    }

    final String conversation;

    final RetryingClient client;

    final long deadlineNanos;

    /** The externalIds of every message sent (at least once). */
    final Set<String> sent = ConcurrentHashMap.newKeySet();

    /** The externalIds of every message the API acknowledged. */
    final Set<String> acked = ConcurrentHashMap.newKeySet();

    /** Requests answered by anything other than success and retry (e.g. a 409). */
    final AtomicLong refused = new AtomicLong();

    /** nanoTime each request was first sent, and when it was acknowledged. */
    private final List<long[]> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    volatile boolean done;

    Workload(String conversation, RetryingClient client, long deadlineNanos) {
        this.conversation = conversation;
        this.client = client;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public final void run() {
        try {
            work();
        }
        finally {
            this.done = true;
        }
    }

    abstract void work();

    void answered(long sentAt) {
        this.requests.add(new long[] { sentAt, System.nanoTime() });
    }

    /**
     * Seconds from the fault until the first request sent after it was acknowledged; -1
     * when no request was sent after the fault.
     */
    double recoveredAfter(long faultAt) {
        return this.requests.stream()
            .filter(request -> request[0] >= faultAt)
            .mapToLong(request -> request[1])
            .min()
            .stream()
            .mapToDouble(ackedAt -> (ackedAt - faultAt) / 1e9)
            .findFirst()
            .orElse(-1);
    }

}
