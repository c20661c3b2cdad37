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

    private Indexing() {
    }

    /**
     * @param turnsAt nanoTime when every imported turn was searchable; settledAt when the
     * rest was indexed
     */
    record Indexed(long turnsAt, long settledAt) {
    }

    static Indexed await(SkeinApi api, String conversation, long watermark, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        awaitTurns(api, conversation, watermark, limit);
        long turnsAt = System.nanoTime();
        long indexed = -1;
        while (System.nanoTime() < deadline) {
            long now = api.get("/v1/conversations/" + conversation).path("indexed").asLong();
            if (now == indexed) {
                return new Indexed(turnsAt, System.nanoTime());
            }
            indexed = now;
            sleep(2000);
        }
        throw new IllegalStateException(conversation + " was not indexed within " + limit);
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
