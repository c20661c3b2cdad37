package dev.skein.memory.turn;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.MessageInput;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.TurnRequested;
import dev.skein.contracts.Usage;
import dev.skein.memory.AbstractMemoryServiceIT;
import dev.skein.testsupport.database.StatementCounter;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements (one database round trip each) of the memory-service's two parts of a
 * chat turn, in a conversation with history, counted on the handler's thread: a change
 * that adds one to the turn path, or brings entity work back onto it, fails here
 * (docs/perf/turn-path-profile.md has the profile that led to these figures).
 */
class TurnPathStatementsIT extends AbstractMemoryServiceIT {

    @Autowired
    private TurnHandler turns;

    @Autowired
    private ReplyHandler replies;

    @Test
    void aTurnAndItsReplyTakeAFixedFewStatements() throws Exception {
        String tenant = randomId("t");
        String conversation = randomId("c");
        List<Map<String, Object>> history = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            history.add(Map.of("role", i % 2 == 0 ? "user" : "assistant", "content",
                    "Message " + i + " talks about the harbour of Valletta and the painting class " + (i % 7) + "."));
        }
        assertThat(post("/internal/tenants/" + tenant + "/conversations/" + conversation + "/messages:import",
                Map.of("messages", history))
            .status()).isEqualTo(200);

        List<String> turn = List.of();
        List<String> reply = List.of();
        for (int n = 0; n < 3; n++) {
            int i = n;
            UUID turnId = UUID.randomUUID();
            TurnRequested request = new TurnRequested(UUID.randomUUID(), Instant.now(), tenant, conversation, turnId,
                    new MessageInput("user", "What did I say about the harbour of Valletta before? (" + i + ")",
                            "Caroline", null, null, null),
                    false);
            turn = StatementCounter.during(() -> this.turns.on(request, "c-" + i));
            // the reply recalled the turn's own message: its salience is reinforced
            UUID asked = TurnHandler.messageId(turnId);
            Evidence recalled = new Evidence(asked, "turn", "Caroline", "the harbour of Valletta", 1.0, List.of(),
                    List.of(asked), 0, 0, Instant.now());
            ReplyGenerated generated = new ReplyGenerated(UUID.randomUUID(), Instant.now(), tenant, conversation,
                    turnId, "You said the harbour was busy (" + i + ").", "extractive", List.of(recalled),
                    new Usage(0, 0, 0, 0), List.of(), 0);
            reply = StatementCounter.during(() -> this.replies.on(generated, "c-" + i));
        }
        System.out.println("turn statements (" + turn.size() + "):\n  " + String.join("\n  ", turn));
        System.out.println("reply statements (" + reply.size() + "):\n  " + String.join("\n  ", reply));
        // 24 and 17 before issue 15's changes (docs/perf/turn-path-profile.md); the turn
        // one more since it closes a window: the conversation's edit clock, read for the
        // window's revision (MemoryBank; it could come with the locked row instead). 21
        // and 15 before the salient memories' top and pinned rows were read together and
        // the term counts were added in one statement instead of four; the turn one more
        // since those counts are read where they are needed and written just before the
        // commit, so that a transaction does not hold its tenant's counts locked while it
        // goes on (TermStats)
        // one less each since the turn clock moves in the statement that stores the
        // message, and comes back with it: 17 and 15 (the reply reinforcing what it
        // recalled). 13 and 12 since the insert skips a duplicate itself, the open
        // segment and the edit clock come with the locked row, the reinforcement takes
        // the turn clock from the reply's append, and the turn reads the messages
        // before it once, for its plan and the memory bank's window. The reply tells the
        // index the salient memories the turn and it left (SalienceAnnouncer) without one
        // more: it reads them with the rows it reinforces
        // 8 and 8 since the writes whose outcome the transaction does not read (key
        // phrases, salience, the memory bank's window, the turn's state, the term counts)
        // go with its next statement (PendingWrites), and its last ones with the
        // outbox's rows; 7 and 7 since the event's id goes with the conversation's lock
        assertThat(turn).hasSizeLessThanOrEqualTo(7);
        assertThat(reply).hasSizeLessThanOrEqualTo(7);
        assertThat(reply).anyMatch(sql -> sql.contains("SELECT true AS recalled") && sql.contains("memory_salience"));
        for (List<String> statements : List.of(turn, reply)) {
            // the event's id with the conversation's lock
            assertThat(statements.get(0)).startsWith("INSERT INTO processed_events")
                .contains("FROM conversations WHERE tenant_id = ? AND conversation_id = ? FOR UPDATE");
            // the events of a transaction go out as one batch with its last statements,
            // right before its commit
            assertThat(statements).filteredOn(sql -> sql.contains("INSERT INTO outbox")).hasSize(1);
            assertThat(statements.get(statements.size() - 1)).contains("INSERT INTO outbox").endsWith("RETURNING id");
            // no entity work on the turn path: Hibernate's generated SQL is lower case
            // with aliases
            assertThat(statements).noneMatch(sql -> sql.startsWith("select ") || sql.startsWith("insert into ")
                    || sql.startsWith("update ") || sql.startsWith("delete from "));
        }
    }

}
