package dev.skein.tools.fault;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Counts what a scenario left behind once the stack has settled: the transcripts against
 * what was acknowledged (public API), the index (every stored message in a turn chunk of
 * the retrieval-service, and a sample found by a keyword search for its unique word) and
 * the memory-service's outbox (database: no public API shows them).
 */
final class Tally {

    private final RetryingClient client;

    private final String jdbcUrl;

    private final String user;

    private final String password;

    Tally(RetryingClient client, String jdbcUrl, String user, String password) {
        this.client = client;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    record Counts(int sent, int acked, int stored, int duplicates, long lost, int turns, int turnsAnswered,
            int minReplies, int maxReplies, long unindexed, long unfindable, long outbox, long refused, long retries,
            long unexpected) {

        boolean clean() {
            return this.acked == this.sent && this.duplicates == 0 && this.lost == 0 && this.minReplies == 1
                    && this.maxReplies == 1 && this.unindexed == 0 && this.unfindable == 0 && this.outbox == 0
                    && this.refused == 0;
        }

    }

    /**
     * Waits until nothing is left to index and the outbox is empty (or the deadline),
     * then counts.
     */
    Counts settleAndCount(String run, ImportLoad imports, ChatLoad chat, long deadlineNanos, int sample) {
        while (true) {
            // reads get a minute each, past the settling deadline too: the count must
            // happen
            Counts counts = count(run, imports, chat, System.nanoTime() + 60_000_000_000L, 0);
            if ((counts.unindexed() == 0 && counts.outbox() == 0) || System.nanoTime() > deadlineNanos) {
                return count(run, imports, chat, System.nanoTime() + 60_000_000_000L, sample);
            }
            RetryingClient.sleep(2000);
        }
    }

    Counts count(String run, ImportLoad imports, ChatLoad chat, long deadlineNanos, int sample) {
        Transcript imported = Transcript.read(this.client, imports.conversation, deadlineNanos);
        Transcript chatted = Transcript.read(this.client, chat.conversation, deadlineNanos);
        List<Integer> replies = chatted.repliesPerTurn();
        long unindexed = unindexed(imports.conversation, imported) + unindexed(chat.conversation, chatted);
        long unfindable = 0;
        for (int i = 0; i < sample; i++) {
            int n = (int) ((long) i * imports.sent.size() / sample);
            unfindable += findable(imports.conversation, Workload.token(run, "i", n), ImportLoad.externalId(n)) ? 0 : 1;
        }
        for (int n = 0; n < Math.min(sample / 4 + 1, chat.acked.size()); n++) {
            unfindable += findable(chat.conversation, Workload.token(run, "c", n), ChatLoad.externalId(n)) ? 0 : 1;
        }
        Map<String, Integer> importCopies = imported.copies();
        Map<String, Integer> chatCopies = chatted.copies();
        return new Counts(imports.sent.size() + chat.sent.size(), imports.acked.size() + chat.acked.size(),
                importCopies.size() + chatCopies.size(), imported.duplicates() + chatted.duplicates(),
                imported.lost(imports.acked) + chatted.lost(chat.acked), chat.sent.size(), chat.acked.size(),
                replies.stream().mapToInt(Integer::intValue).min().orElse(0),
                replies.stream().mapToInt(Integer::intValue).max().orElse(0), unindexed, unfindable, outbox(),
                imports.refused.get() + chat.refused.get(), this.client.retries.get(), this.client.unexpected.get());
    }

    private boolean findable(String conversation, String token, String externalId) {
        String body = RetryingClient.JSON.createObjectNode().put("query", token).put("topK", 10).toString();
        RetryingClient.Answer answer = this.client.post("/v1/conversations/" + conversation + "/memory:search", body,
                Map.of(), System.nanoTime() + 60_000_000_000L);
        if (answer == null || !answer.ok()) {
            return false;
        }
        for (JsonNode result : answer.body().path("results")) {
            for (JsonNode id : result.path("externalIds")) {
                if (externalId.equals(id.asString())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Stored messages the client sent that are in no turn chunk of the index. */
    private long unindexed(String conversation, Transcript transcript) {
        Set<String> indexed = new HashSet<>();
        query("SELECT DISTINCT unnest(message_ids)::text FROM retrieval.memory_chunks"
                + " WHERE conversation_id = ? AND kind = 'turn'", conversation, rows -> {
                    while (rows.next()) {
                        indexed.add(rows.getString(1));
                    }
                });
        // what the client sent (externalIds); a reply of the extractive responder quotes
        // memories and is deliberately not indexed (MemoryStream.recorded)
        return transcript.messages()
            .stream()
            .filter(message -> message.externalId() != null && !indexed.contains(message.messageId()))
            .count();
    }

    private long outbox() {
        long[] rows = { 0 };
        query("SELECT count(*) FROM memory.outbox", null, result -> {
            result.next();
            rows[0] = result.getLong(1);
        });
        return rows[0];
    }

    private interface Rows {

        void read(ResultSet rows) throws SQLException;

    }

    private void query(String sql, String parameter, Rows reader) {
        try (Connection connection = DriverManager.getConnection(this.jdbcUrl, this.user, this.password);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rows = statement.executeQuery()) {
                reader.read(rows);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot count: " + ex.getMessage(), ex);
        }
    }

}
