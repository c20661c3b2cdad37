package dev.skein.memory.jdbc;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code JdbcTemplate} that sends a transaction's {@link PendingWrites} before its
 * own statements; Spring Boot's {@code JdbcClient} and {@code NamedParameterJdbcTemplate}
 * are built on it.
 */
@Configuration(proxyBeanMethods = false)
class JdbcConfiguration {

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource, PendingWrites pending) {
        return new FlushingJdbcTemplate(dataSource, pending);
    }

}
