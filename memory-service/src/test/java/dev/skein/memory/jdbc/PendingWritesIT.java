package dev.skein.memory.jdbc;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.skein.memory.AbstractMemoryServiceIT;
import dev.skein.testsupport.database.StatementCounter;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A transaction's waiting writes are seen by every statement after them, wherever it is
 * sent from, and go with the next one: the turn path relies on both.
 */
class PendingWritesIT extends AbstractMemoryServiceIT {

    private static final String INSERT = "INSERT INTO pending_writes_test (id, note) VALUES (?, ?)";

    private static final String NOTES = "SELECT note FROM pending_writes_test ORDER BY id";

    @Autowired
    private PendingWrites pending;

    @Autowired
    private JdbcClient client;

    @Autowired
    private PlatformTransactionManager transactions;

    private TransactionTemplate tx;

    @BeforeEach
    void table() {
        this.jdbc.execute("CREATE TABLE IF NOT EXISTS pending_writes_test (id int PRIMARY KEY, note text NOT NULL)");
        this.jdbc.execute("TRUNCATE pending_writes_test");
        this.tx = new TransactionTemplate(this.transactions);
    }

    @Test
    void aQueryTakesTheWaitingWritesWithItInOneStatement() throws Exception {
        List<String> seen = new ArrayList<>();
        List<String> statements = StatementCounter.during(() -> this.tx.executeWithoutResult(status -> {
            this.pending.add(INSERT, 1, "one");
            this.pending.add(INSERT, 2, "two");
            seen.addAll(this.pending.query(NOTES, (rs, i) -> rs.getString(1)));
        }));
        assertThat(seen).containsExactly("one", "two");
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0)).startsWith(INSERT + ";\n" + INSERT + ";\n" + NOTES);
    }

    @Test
    void theTemplateAndTheClientSeeTheWaitingWrites() {
        List<String> seen = this.tx.execute(status -> {
            this.pending.add(INSERT, 1, "one");
            List<String> notes = new ArrayList<>(this.jdbc.queryForList(NOTES, String.class));
            this.pending.add(INSERT, 2, "two");
            notes.addAll(this.client.sql(NOTES).query(String.class).list());
            return notes;
        });
        assertThat(seen).containsExactly("one", "one", "two");
    }

    @Test
    void whatIsLeftIsWrittenAfterTheWorkAtCommitAndBeforeTheCommit() {
        List<String> order = new ArrayList<>();
        this.tx.executeWithoutResult(status -> {
            this.pending.atCommit(() -> {
                order.add("first");
                this.pending.add(INSERT, 2, "at commit");
            });
            this.pending.atCommit(() -> order.add("second"));
            this.pending.add(INSERT, 1, "waiting");
        });
        assertThat(order).containsExactly("first", "second");
        assertThat(this.jdbc.queryForList(NOTES, String.class)).containsExactly("waiting", "at commit");
    }

    @Test
    void aFailedWriteFailsTheStatementThatCarriesItAndRollsTheTransactionBack() {
        assertThatThrownBy(() -> this.tx.executeWithoutResult(status -> {
            this.pending.add(INSERT, 1, "one");
            this.pending.add(INSERT, 1, "the same id again");
            this.pending.query(NOTES, (rs, i) -> rs.getString(1));
        })).isInstanceOf(DataAccessException.class);
        assertThat(this.jdbc.queryForList(NOTES, String.class)).isEmpty();
        // and one failing at commit: the commit does not happen
        assertThatThrownBy(() -> this.tx.executeWithoutResult(status -> {
            this.pending.add(INSERT, 2, "two");
            this.pending.add(INSERT, 3, null);
        })).isInstanceOf(DataAccessException.class);
        assertThat(this.jdbc.queryForList(NOTES, String.class)).isEmpty();
    }

    @Test
    void aWritesRowsAreKnownOnceSentAndAskingSendsIt() throws Exception {
        this.jdbc.update(INSERT, 1, "stored before");
        String conflicting = INSERT + " ON CONFLICT DO NOTHING";
        List<Integer> rows = new ArrayList<>();
        List<String> statements = StatementCounter.during(() -> this.tx.executeWithoutResult(status -> {
            PendingWrites.Write again = this.pending.add(conflicting, 1, "again");
            PendingWrites.Write fresh = this.pending.add(conflicting, 2, "fresh");
            this.pending.query(NOTES, (rs, i) -> rs.getString(1));
            rows.add(again.rows());
            rows.add(fresh.rows());
            // not carried by a statement yet: asking sends it
            rows.add(this.pending.add(conflicting, 3, "third").rows());
        }));
        assertThat(rows).containsExactly(0, 1, 1);
        assertThat(statements).hasSize(2);
    }

    @Test
    void outsideATransactionAWriteIsSentAtOnce() {
        this.pending.add(INSERT, 1, "at once");
        assertThat(this.jdbc.queryForList(NOTES, String.class)).containsExactly("at once");
    }

    @Test
    void aTransactionStartedInsideKeepsItsOwnWrites() {
        TransactionTemplate inner = new TransactionTemplate(this.transactions);
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.tx.executeWithoutResult(status -> {
            this.pending.add(INSERT, 1, "outer");
            inner.executeWithoutResult(innerStatus -> this.pending.add(INSERT, 2, "inner"));
            status.setRollbackOnly();
        });
        assertThat(this.jdbc.queryForList(NOTES, String.class)).containsExactly("inner");
    }

}
