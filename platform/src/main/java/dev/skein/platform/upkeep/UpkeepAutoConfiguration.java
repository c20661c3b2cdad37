package dev.skein.platform.upkeep;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link DeadRowVacuum} of every service with a database;
 * {@code skein.vacuum.enabled=false} (SKEIN_VACUUM_ENABLED) turns it off, for an operator
 * who vacuums by other means; {@code skein.vacuum.check-interval} (a minute) sets how
 * often it looks.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.jdbc.core.JdbcTemplate")
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(name = "skein.vacuum.enabled", matchIfMissing = true)
@EnableConfigurationProperties(UpkeepProperties.class)
public class UpkeepAutoConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    DeadRowVacuum deadRowVacuum(DataSource dataSource, UpkeepProperties properties) {
        return new DeadRowVacuum(dataSource, properties.checkInterval());
    }

}
