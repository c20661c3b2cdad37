package dev.skein.tools.fault;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/** A conversation's stored messages as the public transcript shows them, in order. */
record Transcript(List<Message> messages) {

    record Message(String messageId, String role, String externalId) {
    }

    static Transcript read(RetryingClient client, String conversation, long deadlineNanos) {
        List<Message> messages = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/v1/conversations/" + conversation + "/messages?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            RetryingClient.Answer answer = client.get(path, deadlineNanos);
            if (answer == null || !answer.ok()) {
                throw new IllegalStateException("Cannot read the transcript of " + conversation + ": "
                        + (answer == null ? "deadline" : answer.status() + " " + answer.body()));
            }
            for (JsonNode message : answer.body().path("messages")) {
                messages.add(new Message(message.path("messageId").asString(), message.path("role").asString(),
                        message.path("externalId").isNull() ? null : message.path("externalId").asString(null)));
            }
            JsonNode next = answer.body().path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
        }
        while (cursor != null);
        return new Transcript(messages);
    }

    /** How often each externalId is stored. */
    Map<String, Integer> copies() {
        Map<String, Integer> copies = new TreeMap<>();
        for (Message message : this.messages) {
            if (message.externalId() != null) {
                copies.merge(message.externalId(), 1, Integer::sum);
            }
        }
        return copies;
    }

    /** Copies beyond the first of every externalId. */
    int duplicates() {
        return copies().values().stream().mapToInt(count -> count - 1).sum();
    }

    /** Acknowledged externalIds that are not stored. */
    long lost(Set<String> acked) {
        Map<String, Integer> copies = copies();
        return acked.stream().filter(id -> !copies.containsKey(id)).count();
    }

    /**
     * For each user message that asked for a reply, the assistant messages stored after
     * it and before the next user message (turns are sent one after another).
     */
    List<Integer> repliesPerTurn() {
        List<Integer> replies = new ArrayList<>();
        for (Message message : this.messages) {
            if ("user".equals(message.role())) {
                replies.add(0);
            }
            else if ("assistant".equals(message.role()) && !replies.isEmpty()) {
                replies.set(replies.size() - 1, replies.get(replies.size() - 1) + 1);
            }
        }
        return replies;
    }

}
