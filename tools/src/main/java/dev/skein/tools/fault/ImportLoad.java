package dev.skein.tools.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imports {@code total} messages in batches, each batch with its externalIds and an
 * {@code Idempotency-Key}, sent again as they are until acknowledged.
 */
final class ImportLoad extends Workload {

    private static final String[] TOPICS = { "the garden", "a trip to Lisbon", "the new bike", "grandmother's recipes",
            "the quarterly report", "a broken dishwasher", "the chess club", "learning Italian" };

    private final String run;

    private final int total;

    private final int batch;

    ImportLoad(String run, String conversation, int total, int batch, RetryingClient client, long deadlineNanos) {
        super(conversation, client, deadlineNanos);
        this.run = run;
        this.total = total;
        this.batch = batch;
    }

    static String externalId(int n) {
        return "imp-" + n;
    }

    @Override
    void work() {
        for (int from = 0; from < this.total; from += this.batch) {
            int to = Math.min(this.total, from + this.batch);
            ObjectNode body = RetryingClient.JSON.createObjectNode();
            ArrayNode messages = body.putArray("messages");
            List<String> ids = new ArrayList<>();
            for (int n = from; n < to; n++) {
                ids.add(externalId(n));
                messages.addObject()
                    .put("role", n % 2 == 0 ? "user" : "assistant")
                    .put("content",
                            "Message " + n + " about " + TOPICS[n % TOPICS.length] + ": remember the code "
                                    + token(this.run, "i", n) + " for it.")
                    .put("externalId", externalId(n));
            }
            this.sent.addAll(ids);
            long sentAt = System.nanoTime();
            RetryingClient.Answer answer = this.client.post(
                    "/v1/conversations/" + this.conversation + "/messages:import", body.toString(),
                    Map.of("Idempotency-Key", this.conversation + "-" + from), this.deadlineNanos);
            if (answer == null) {
                return;
            }
            if (!answer.ok()) {
                this.refused.incrementAndGet();
                System.out.println("  import batch " + from + " refused: " + answer.status() + " " + answer.body());
                continue;
            }
            answer.body().path("messages").forEach(message -> this.acked.add(message.path("externalId").asString()));
            answered(sentAt);
        }
    }

}
