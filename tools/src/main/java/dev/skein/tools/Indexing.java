package dev.skein.tools;

import java.time.Duration;
import java.util.Map;

/**
 * Waits until an import is searchable: first read-your-writes on its watermark (the index
 * holds every imported turn), then until the windows and summaries derived from those
 * turns are indexed too (the conversation's indexed count stops moving). Counting indexed
 * chunks alone is not enough: windows count as well. Questions asked before the second
 * step would measure the backlog.
 */
final class Indexing {

    /**
     * How often the indexed count is read: the precision of {@link Indexed#settledAt}.
     */
    private static final Duration POLL = Duration.ofMillis(250);

    /** Unchanged this long, the count is taken as settled. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    private Indexing() {
    }

    /**
     * @param turnsAt nanoTime when every imported turn was searchable; settledAt when the
     * last of the rest was seen indexed (within {@link #POLL})
     */
    record Indexed(long turnsAt, long settledAt) {
    }

    static Indexed await(SkeinApi api, String conversation, long watermark, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        awaitTurns(api, conversation, watermark, limit);
        long turnsAt = System.nanoTime();
        Settling count = new Settling(turnsAt, api.get("/v1/conversations/" + conversation).path("indexed").asLong());
        while (System.nanoTime() < deadline) {
            sleep(POLL.toMillis());
            if (count.read(System.nanoTime(), api.get("/v1/conversations/" + conversation).path("indexed").asLong())) {
                return new Indexed(turnsAt, count.changedAt());
            }
        }
        throw new IllegalStateException(conversation + " was not indexed within " + limit);
    }

    /**
     * The indexed count as it is read: settled once unchanged for {@link #QUIET}, at the
     * time of its last change seen. That quiet period says the indexing is over; it is
     * not part of it (counted in, it made a 5 s import read as 9 s).
     */
    static final class Settling {

        private long count;

        private long changedAt;

        Settling(long at, long count) {
            this.count = count;
            this.changedAt = at;
        }

        /**
         * @return whether the count has settled, with this read
         */
        boolean read(long at, long count) {
            if (count != this.count) {
                this.count = count;
                this.changedAt = at;
                return false;
            }
            return at - this.changedAt >= QUIET.toNanos();
        }

        long changedAt() {
            return this.changedAt;
        }

    }

    /** Waits until the index holds every turn up to {@code watermark}. */
    static void awaitTurns(SkeinApi api, String conversation, long watermark, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!consistent(api, conversation, watermark)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(conversation + " was not indexed within " + limit);
            }
        }
    }

    /**
     * The search waits a while on the watermark itself; a service restarting meanwhile
     * answers 503 for a moment.
     */
    private static boolean consistent(SkeinApi api, String conversation, long watermark) {
        try {
            return api
                .post("/v1/conversations/" + conversation + "/memory:search",
                        Map.of("query", "index check", "topK", 1, "watermark", watermark))
                .path("consistent")
                .asBoolean();
        }
        catch (IllegalStateException ex) {
            System.out.println("  waiting: " + ex.getMessage());
            sleep(5000);
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
