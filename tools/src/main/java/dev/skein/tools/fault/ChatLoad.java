package dev.skein.tools.fault;

import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * Chat turns one after another in one conversation, each with its externalId, sent again
 * until answered; it goes on until told to stop (after the fault) and at least
 * {@code minTurns} are answered.
 */
final class ChatLoad extends Workload {

    private final String run;

    private final int minTurns;

    private volatile int stopAfter = Integer.MAX_VALUE;

    ChatLoad(String run, String conversation, int minTurns, RetryingClient client, long deadlineNanos) {
        super(conversation, client, deadlineNanos);
        this.run = run;
        this.minTurns = minTurns;
    }

    static String externalId(int n) {
        return "turn-" + n;
    }

    /** Sends {@code more} turns after the ones answered so far, then stops. */
    void stopAfter(int more) {
        this.stopAfter = this.acked.size() + more;
    }

    @Override
    void work() {
        for (int n = 0; n < Math.max(this.minTurns, this.stopAfter); n++) {
            ObjectNode body = RetryingClient.JSON.createObjectNode()
                .put("role", "user")
                .put("content",
                        "Turn " + n + ": my locker code is " + token(this.run, "c", n)
                                + ". What did I tell you about my locker?")
                .put("externalId", externalId(n));
            this.sent.add(externalId(n));
            long sentAt = System.nanoTime();
            RetryingClient.Answer answer = this.client.post("/v1/conversations/" + this.conversation + "/messages",
                    body.toString(), Map.of(), this.deadlineNanos);
            if (answer == null) {
                return;
            }
            if (!answer.ok() || answer.body().path("reply").isMissingNode()) {
                this.refused.incrementAndGet();
                System.out.println("  turn " + n + " refused: " + answer.status() + " " + answer.body());
                continue;
            }
            this.acked.add(externalId(n));
            answered(sentAt);
        }
    }

}
