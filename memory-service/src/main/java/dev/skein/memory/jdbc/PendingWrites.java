package dev.skein.memory.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.jdbc.support.SqlValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes a transaction does not read back, sent with its next statement instead of one
 * round trip each: a chat turn's append was a string of small statements, and on two
 * shared cores each round trip is a pair of wake-ups that cost more than the statement
 * (docs/perf/turn-path-profile.md).
 *
 * <p>
 * A write added inside a transaction waits for the next statement the transaction sends:
 * a {@link #query} here takes the waiting writes with it, in one round trip (the driver
 * sends the statements together and PostgreSQL runs them in order), and any other
 * statement through the service's {@code JdbcTemplate} or {@code JdbcClient} sends them
 * first ({@link FlushingJdbcTemplate}). So every statement sees the writes added before
 * it, as if each had been sent at once; a write that fails fails the statement that
 * carries it, inside the same transaction. What is left is sent before the commit, after
 * the transaction's {@link #atCommit} work. Outside a transaction a write is sent at
 * once.
 *
 * <p>
 * Only statements through this class and the service's {@code JdbcTemplate} see the
 * writes: entity work (JPA) does not, so the tables written here are not entities.
 */
@Component
public class PendingWrites {

    private final DataSource dataSource;

    private final SQLExceptionTranslator translator = new SQLExceptionSubclassTranslator();

    PendingWrites(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A write whose outcome is not read: sent with the transaction's next statement.
     * @param args one per placeholder: a value, null, or a {@link SqlValue} (arrays) or
     * {@link SqlParameterValue}
     */
    public Write add(String sql, @Nullable Object... args) {
        Writes writes = writes(true);
        Statement write = new Statement(sql, args);
        if (writes == null) {
            send(List.of(write), null);
        }
        else {
            writes.statements.add(write);
        }
        return write;
    }

    /** A read that takes the transaction's waiting writes with it: one round trip. */
    public <T> T query(String sql, ResultSetExtractor<T> extractor, @Nullable Object... args) {
        Writes writes = writes(false);
        List<Statement> statements = new ArrayList<>(writes == null ? List.of() : writes.take());
        statements.add(new Statement(sql, args));
        return send(statements, extractor);
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, @Nullable Object... args) {
        return query(sql, new RowMapperResultSetExtractor<>(mapper), args);
    }

    /**
     * Work the transaction does as it commits, in the order asked, before the writes then
     * left are sent: writes that should hold their rows' locks for as short a time as
     * possible (the tenant's term counts), and the outbox's rows. A query made by it
     * takes the waiting writes with it, so the last statements go in one round trip.
     * @throws IllegalStateException outside a transaction
     */
    public void atCommit(Runnable work) {
        Writes writes = writes(true);
        if (writes == null) {
            throw new IllegalStateException("Work at commit needs a transaction");
        }
        writes.atCommit.add(work);
    }

    /** Sends the transaction's waiting writes now, in one round trip. */
    public void flush() {
        Writes writes = writes(false);
        if (writes != null && !writes.statements.isEmpty()) {
            send(writes.take(), null);
        }
    }

    /** This transaction's writes; created when asked for and a transaction is active. */
    private @Nullable Writes writes(boolean create) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        Writes writes = (Writes) TransactionSynchronizationManager.getResource(this);
        if (writes == null && create) {
            writes = new Writes();
            TransactionSynchronizationManager.bindResource(this, writes);
            TransactionSynchronizationManager.registerSynchronization(writes);
        }
        return writes;
    }

    /**
     * The statements as one: the driver sends them together and reads each one's result.
     * @return the last statement's rows, by {@code extractor} (null without one)
     */
    private <T> T send(List<Statement> statements, @Nullable ResultSetExtractor<T> extractor) {
        StringBuilder sql = new StringBuilder();
        for (Statement statement : statements) {
            sql.append(sql.isEmpty() ? "" : ";\n").append(statement.sql().strip());
        }
        Connection connection = DataSourceUtils.getConnection(this.dataSource);
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            int index = 1;
            for (Statement statement : statements) {
                for (Object arg : statement.args()) {
                    bind(ps, index++, arg);
                }
            }
            boolean rows = ps.execute();
            T extracted = null;
            for (int result = 0; result < statements.size(); result++) {
                if (rows && result == statements.size() - 1 && extractor != null) {
                    try (ResultSet rs = ps.getResultSet()) {
                        extracted = extractor.extractData(rs);
                    }
                }
                else if (!rows) {
                    statements.get(result).rows = ps.getUpdateCount();
                }
                rows = ps.getMoreResults();
            }
            return extracted;
        }
        catch (SQLException ex) {
            DataAccessException translated = this.translator.translate("pending writes", sql.toString(), ex);
            throw translated != null ? translated : new UncategorizedSQLException("pending writes", sql.toString(), ex);
        }
        finally {
            DataSourceUtils.releaseConnection(connection, this.dataSource);
        }
    }

    private static void bind(PreparedStatement ps, int index, @Nullable Object arg) throws SQLException {
        if (arg == null) {
            // the type is left to the server, as for a null the driver binds itself
            ps.setNull(index, Types.NULL);
        }
        else if (arg instanceof SqlValue value) {
            value.setValue(ps, index);
        }
        else if (arg instanceof SqlParameterValue || arg instanceof SqlTypeValue) {
            StatementCreatorUtils.setParameterValue(ps, index, SqlTypeValue.TYPE_UNKNOWN, arg);
        }
        else {
            ps.setObject(index, arg);
        }
    }

    /** A write added: its outcome, for the rare caller that needs it after all. */
    public interface Write {

        /**
         * The rows it changed (a write that returns rows has no count); asked for before
         * the write went with a statement, it is sent now.
         */
        int rows();

    }

    private final class Statement implements Write {

        private final String sql;

        private final @Nullable Object[] args;

        private int rows = -1;

        Statement(String sql, @Nullable Object[] args) {
            this.sql = sql;
            this.args = args;
        }

        String sql() {
            return this.sql;
        }

        @Nullable Object[] args() {
            return this.args;
        }

        @Override
        public int rows() {
            if (this.rows < 0) {
                flush();
            }
            if (this.rows < 0) {
                throw new IllegalStateException("The write was not sent: its transaction ended without it");
            }
            return this.rows;
        }

    }

    /**
     * One transaction's waiting writes and its work at commit. A transaction started
     * inside it (REQUIRES_NEW) has its own.
     */
    private final class Writes implements TransactionSynchronization {

        private final List<Statement> statements = new ArrayList<>();

        private final List<Runnable> atCommit = new ArrayList<>();

        List<Statement> take() {
            List<Statement> taken = List.copyOf(this.statements);
            this.statements.clear();
            return taken;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            // work at commit may ask for more work at commit
            for (int i = 0; i < this.atCommit.size(); i++) {
                this.atCommit.get(i).run();
            }
            // not TransactionSynchronization's own flush()
            PendingWrites.this.flush();
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(PendingWrites.this);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(PendingWrites.this, this);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(PendingWrites.this);
        }

    }

}
