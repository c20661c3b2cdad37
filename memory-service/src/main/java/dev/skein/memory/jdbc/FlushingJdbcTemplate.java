package dev.skein.memory.jdbc;

import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The service's {@code JdbcTemplate} (and so its {@code JdbcClient}): every statement it
 * runs first sends the transaction's {@link PendingWrites}, so that no statement misses a
 * write added before it.
 */
class FlushingJdbcTemplate extends JdbcTemplate {

    private final PendingWrites pending;

    FlushingJdbcTemplate(DataSource dataSource, PendingWrites pending) {
        super(dataSource);
        this.pending = pending;
    }

    // called for every statement the template creates, before it runs
    @Override
    protected void applyStatementSettings(Statement statement) throws SQLException {
        super.applyStatementSettings(statement);
        this.pending.flush();
    }

}
